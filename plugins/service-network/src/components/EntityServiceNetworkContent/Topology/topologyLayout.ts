/*
 * Places the topology's columns across the available width and its nodes
 * down each column, centred, and draws each edge as a curve from the right
 * side of one node to the left side of the next. Pure arithmetic.
 */
import { TopologyEdge, TopologyModel, TopologyNode } from './topologyModel';

export const NODE_HEIGHT = 56;
const ROW_GAP = 16;
export const HEADER_HEIGHT = 28;
const MIN_NODE_WIDTH = 140;
const MAX_NODE_WIDTH = 240;
/** Room between columns for an edge label such as "50% · w10". */
const MIN_COLUMN_GAP = 72;
/** Wider gaps only stretch the edges; past this the picture stays centred at its width. */
const MAX_COLUMN_GAP = 160;

export interface PlacedNode extends TopologyNode {
  x: number;
  y: number;
  width: number;
}

export interface PlacedEdge extends TopologyEdge {
  /** SVG path data. */
  path: string;
  labelX: number;
  labelY: number;
}

export interface PlacedColumn {
  id: string;
  title: string;
  x: number;
  nodes: PlacedNode[];
}

export interface TopologyLayout {
  width: number;
  height: number;
  nodeWidth: number;
  columns: PlacedColumn[];
  edges: PlacedEdge[];
}

/** The narrowest width at which every column still fits; below it, the picture scrolls. */
export function minimumWidth(columns: number): number {
  return columns * MIN_NODE_WIDTH + (columns - 1) * MIN_COLUMN_GAP;
}

function curve(from: PlacedNode, to: PlacedNode) {
  const x0 = from.x + from.width;
  const y0 = from.y + NODE_HEIGHT / 2;
  const x1 = to.x;
  const y1 = to.y + NODE_HEIGHT / 2;
  const middle = (x0 + x1) / 2;
  return {
    path: `M ${x0} ${y0} C ${middle} ${y0}, ${middle} ${y1}, ${x1} ${y1}`,
    // The curve is symmetric, so its midpoint is the midpoint of its ends.
    labelX: middle,
    labelY: (y0 + y1) / 2,
  };
}

export function layoutTopology(
  model: TopologyModel,
  availableWidth: number,
): TopologyLayout {
  const count = model.columns.length;
  const width = Math.min(
    Math.max(availableWidth, minimumWidth(count)),
    count * MAX_NODE_WIDTH + (count - 1) * MAX_COLUMN_GAP,
  );
  const nodeWidth = Math.min(
    MAX_NODE_WIDTH,
    Math.max(MIN_NODE_WIDTH, (width - (count - 1) * MIN_COLUMN_GAP) / count),
  );
  const gap = count > 1 ? (width - count * nodeWidth) / (count - 1) : 0;
  const rows = Math.max(...model.columns.map(c => c.nodes.length));
  const rowHeight = NODE_HEIGHT + ROW_GAP;

  const columns = model.columns.map((column, index) => {
    const x = index * (nodeWidth + gap);
    const top = HEADER_HEIGHT + ((rows - column.nodes.length) * rowHeight) / 2;
    return {
      id: column.id,
      title: column.title,
      x,
      nodes: column.nodes.map((node, row) => ({
        ...node,
        x,
        y: top + row * rowHeight,
        width: nodeWidth,
      })),
    };
  });

  const placed = new Map(
    columns.flatMap(column => column.nodes.map(node => [node.id, node])),
  );
  const edges = model.edges.flatMap(edge => {
    const from = placed.get(edge.from);
    const to = placed.get(edge.to);
    return from && to ? [{ ...edge, ...curve(from, to) }] : [];
  });

  return {
    width,
    height: HEADER_HEIGHT + rows * rowHeight - ROW_GAP,
    nodeWidth,
    columns,
    edges,
  };
}
