import { EntityServiceNetworkStatus } from '@service-network/backstage-plugin-service-network-common';
import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { alpha, makeStyles } from '@material-ui/core/styles';
import { useMemo } from 'react';
import useMeasure from 'react-use/esm/useMeasure';
import { Tone } from '../../common/tones';
import { useToneColors } from '../../common/toneColors';
import {
  HEADER_HEIGHT,
  NODE_HEIGHT,
  PlacedNode,
  layoutTopology,
} from './topologyLayout';
import { buildTopology } from './topologyModel';

/** Width to lay out for before the container has been measured (and in tests). */
const UNMEASURED_WIDTH = 1100;

const LEGEND: Array<{ tone: Tone; text: string }> = [
  { tone: 'ok', text: 'works' },
  { tone: 'warning', text: 'works, with problems' },
  { tone: 'error', text: 'broken' },
  { tone: 'pending', text: 'in progress' },
  { tone: 'neutral', text: 'unused, unknown or not ours' },
];

const useStyles = makeStyles(theme => ({
  scroller: { overflowX: 'auto' },
  canvas: { position: 'relative', margin: '0 auto' },
  list: { listStyle: 'none', margin: 0, padding: 0 },
  columnTitle: {
    position: 'absolute',
    top: 0,
    height: HEADER_HEIGHT,
    color: theme.palette.text.secondary,
    whiteSpace: 'nowrap',
  },
  node: {
    position: 'absolute',
    height: NODE_HEIGHT,
    boxSizing: 'border-box',
    padding: theme.spacing(0.75, 1, 0.75, 1.5),
    borderRadius: theme.shape.borderRadius,
    borderWidth: 1,
    borderStyle: 'solid',
    borderLeftWidth: 6,
    backgroundColor: theme.palette.background.paper,
    overflow: 'hidden',
  },
  muted: { borderStyle: 'dashed', borderLeftStyle: 'dashed' },
  line: {
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  edgeLabel: {
    position: 'absolute',
    transform: 'translate(-100%, -50%)',
    padding: theme.spacing(0, 0.5),
    borderRadius: theme.shape.borderRadius,
    backgroundColor: theme.palette.background.paper,
    border: `1px solid ${theme.palette.divider}`,
    fontSize: 11,
    lineHeight: 1.5,
    whiteSpace: 'nowrap',
  },
  swatch: {
    display: 'inline-block',
    width: 10,
    height: 10,
    borderRadius: 2,
    marginRight: theme.spacing(0.5),
  },
}));

function Node(props: { node: PlacedNode }) {
  const classes = useStyles();
  const colors = useToneColors();
  const { node } = props;
  const color = colors[node.tone];
  return (
    <Tooltip title={node.description}>
      <li
        aria-label={`${node.title}${
          node.cluster ? ` in ${node.cluster}` : ''
        }: ${node.subtitle}`}
        className={`${classes.node} ${node.muted ? classes.muted : ''}`}
        style={{
          left: node.x,
          top: node.y,
          width: node.width,
          borderColor: node.muted ? alpha(color, 0.6) : color,
          backgroundColor: node.muted ? undefined : alpha(color, 0.07),
        }}
      >
        <Typography
          variant="body2"
          className={classes.line}
          style={{ fontWeight: node.muted ? 400 : 600 }}
          color={node.muted ? 'textSecondary' : 'textPrimary'}
        >
          {node.title}
        </Typography>
        <Typography
          variant="caption"
          component="div"
          color="textSecondary"
          className={classes.line}
        >
          {node.subtitle}
        </Typography>
      </li>
    </Tooltip>
  );
}

/**
 * The path traffic takes to the Service, left to right: service networks,
 * routes, ServiceImports, ServiceExports, workload clusters; coloured by
 * health, with the routes' weights on the edges.
 */
export function TopologyView(props: { status: EntityServiceNetworkStatus }) {
  const classes = useStyles();
  const colors = useToneColors();
  const [measureRef, { width: measured }] = useMeasure<HTMLDivElement>();
  const model = useMemo(() => buildTopology(props.status), [props.status]);
  const layout = useMemo(
    () => layoutTopology(model, measured || UNMEASURED_WIDTH),
    [model, measured],
  );
  const scrolls = measured > 0 && layout.width > measured;
  return (
    <figure aria-label="Topology" style={{ margin: 0 }}>
      {scrolls && (
        <Typography variant="caption" color="textSecondary" component="p">
          Wider than the page: scroll sideways to follow the path.
        </Typography>
      )}
      <div ref={measureRef} className={classes.scroller}>
        <div
          className={classes.canvas}
          style={{ width: layout.width, height: layout.height }}
        >
          <svg
            width={layout.width}
            height={layout.height}
            style={{ position: 'absolute', left: 0, top: 0 }}
            aria-hidden
          >
            {layout.edges.map(edge => (
              <path
                key={`${edge.from}->${edge.to}`}
                d={edge.path}
                fill="none"
                stroke={
                  edge.tone === 'neutral' ? colors.neutral : colors[edge.tone]
                }
                strokeOpacity={edge.muted ? 0.4 : 0.8}
                strokeWidth={edge.tone === 'neutral' ? 1.5 : 2.5}
                strokeDasharray={edge.muted ? '4 4' : undefined}
              />
            ))}
          </svg>
          {layout.columns.map(column => (
            <div key={column.id}>
              <Typography
                variant="overline"
                component="h3"
                className={classes.columnTitle}
                style={{ left: column.x }}
              >
                {column.title}
              </Typography>
              <ul aria-label={column.title} className={classes.list}>
                {column.nodes.map(node => (
                  <Node key={node.id} node={node} />
                ))}
              </ul>
            </div>
          ))}
          {layout.edges
            .filter(edge => edge.label)
            .map(edge => (
              <Tooltip
                key={`${edge.from}->${edge.to}`}
                title={edge.description}
              >
                <span
                  className={classes.edgeLabel}
                  style={{
                    left: edge.labelX,
                    top: edge.labelY,
                    color: edge.muted ? colors.neutral : undefined,
                  }}
                >
                  {edge.label}
                </span>
              </Tooltip>
            ))}
        </div>
      </div>
      <Box
        component="figcaption"
        display="flex"
        flexWrap="wrap"
        mt={2}
        style={{ gap: 16 }}
      >
        {LEGEND.map(entry => (
          <Typography key={entry.tone} variant="caption" color="textSecondary">
            <span
              className={classes.swatch}
              style={{ backgroundColor: colors[entry.tone] }}
            />
            {entry.text}
          </Typography>
        ))}
        <Typography variant="caption" color="textSecondary">
          Dashed: not on this Service&apos;s path. Labels: the listener a route
          attaches to; the share of a route&apos;s traffic and its weight.
        </Typography>
      </Box>
    </figure>
  );
}
