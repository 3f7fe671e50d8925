/*
 * Places the topology's columns left to right, each as wide as its longest
 * text needs, and its nodes down each column, centred; draws each edge as a
 * curve from the right side of one node to the left side of the next, with
 * its label just before the node it leads to. Pure arithmetic.
 */
import {
  TopologyColumn,
  TopologyEdge,
  TopologyModel,
  TopologyNode,
} from './topologyModel';

export const NODE_HEIGHT = 56;
const ROW_GAP = 16;
export const HEADER_HEIGHT = 28;
const MIN_NODE_WIDTH = 110;
const MAX_NODE_WIDTH = 240;
/** Room between columns for an edge label such as "25% · w25". */
const MIN_COLUMN_GAP = 80;
/** Wider gaps only stretch the edges; past this the picture stays centred at its width. */
const MAX_COLUMN_GAP = 160;
/** Approximate glyph widths of the node's title (body2, semibold) and subtitle (caption). */
const TITLE_CHAR_WIDTH = 8.2;
const SUBTITLE_CHAR_WIDTH = 6.8;
/** Left border, paddings and a little slack. */
const NODE_CHROME = 30;
/** Vertical distance between labels of edges that enter the same node. */
const LABEL_STEP = 18;

export interface PlacedNode extends TopologyNode {
  x: number;
  y: number;
  width: number;
}

interface PlacedEdge extends TopologyEdge {
  /** SVG path data. */
  path: string;
  /** Where the label's right edge sits, vertically centred on labelY. */
  labelX: number;
  labelY: number;
}

interface PlacedColumn {
  id: string;
  title: string;
  x: number;
  width: number;
  nodes: PlacedNode[];
}

interface TopologyLayout {
  width: number;
  height: number;
  columns: PlacedColumn[];
  edges: PlacedEdge[];
}

/** The narrowest the picture gets; below it, it scrolls. */
export function minimumWidth(columns: number): number {
  return columns * MIN_NODE_WIDTH + (columns - 1) * MIN_COLUMN_GAP;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** How wide a column must be for its longest title or subtitle to show whole. */
function naturalWidth(column: TopologyColumn): number {
  const widest = Math.max(
    column.title.length * SUBTITLE_CHAR_WIDTH,
    ...column.nodes.map(node =>
      Math.max(
        node.title.length * TITLE_CHAR_WIDTH,
        node.subtitle.length * SUBTITLE_CHAR_WIDTH,
      ),
    ),
  );
  return clamp(Math.ceil(widest + NODE_CHROME), MIN_NODE_WIDTH, MAX_NODE_WIDTH);
}

/**
 * Natural widths when they fit; otherwise each column gives up the same
 * share of what it has above the minimum.
 */
function columnWidths(model: TopologyModel, availableWidth: number): number[] {
  const natural = model.columns.map(naturalWidth);
  const room = availableWidth - (natural.length - 1) * MIN_COLUMN_GAP;
  const total = natural.reduce((sum, width) => sum + width, 0);
  if (total <= room) {
    return natural;
  }
  const spare = total - natural.length * MIN_NODE_WIDTH;
  const keep =
    spare > 0
      ? clamp((room - natural.length * MIN_NODE_WIDTH) / spare, 0, 1)
      : 0;
  return natural.map(width => MIN_NODE_WIDTH + (width - MIN_NODE_WIDTH) * keep);
}

function curve(from: PlacedNode, to: PlacedNode) {
  const x0 = from.x + from.width;
  const y0 = from.y + NODE_HEIGHT / 2;
  const x1 = to.x;
  const y1 = to.y + NODE_HEIGHT / 2;
  const middle = (x0 + x1) / 2;
  return `M ${x0} ${y0} C ${middle} ${y0}, ${middle} ${y1}, ${x1} ${y1}`;
}

export function layoutTopology(
  model: TopologyModel,
  availableWidth: number,
): TopologyLayout {
  const count = model.columns.length;
  const widths = columnWidths(model, availableWidth);
  const nodesWidth = widths.reduce((sum, width) => sum + width, 0);
  const gap =
    count > 1
      ? clamp(
          (availableWidth - nodesWidth) / (count - 1),
          MIN_COLUMN_GAP,
          MAX_COLUMN_GAP,
        )
      : 0;
  const rows = Math.max(...model.columns.map(c => c.nodes.length));
  const rowHeight = NODE_HEIGHT + ROW_GAP;

  let x = 0;
  const columns = model.columns.map((column, index) => {
    const left = x;
    x += widths[index] + gap;
    const top = HEADER_HEIGHT + ((rows - column.nodes.length) * rowHeight) / 2;
    return {
      id: column.id,
      title: column.title,
      x: left,
      width: widths[index],
      nodes: column.nodes.map((node, row) => ({
        ...node,
        x: left,
        y: top + row * rowHeight,
        width: widths[index],
      })),
    };
  });

  const placed = new Map(
    columns.flatMap(column => column.nodes.map(node => [node.id, node])),
  );
  const labelled = model.edges.filter(edge => edge.label);
  const edges = model.edges.flatMap(edge => {
    const from = placed.get(edge.from);
    const to = placed.get(edge.to);
    if (!from || !to) {
      return [];
    }
    // Labels of edges entering the same node stack around its middle.
    const entering = labelled.filter(other => other.to === edge.to);
    const index = entering.indexOf(edge);
    return [
      {
        ...edge,
        path: curve(from, to),
        labelX: to.x - 4,
        labelY:
          to.y +
          NODE_HEIGHT / 2 +
          (index - (entering.length - 1) / 2) * LABEL_STEP,
      },
    ];
  });

  return {
    width: x - gap,
    height: HEADER_HEIGHT + rows * rowHeight - ROW_GAP,
    columns,
    edges,
  };
}
