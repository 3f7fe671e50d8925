import { entityStatus, route } from '../../../__testUtils__/status';
import {
  HEADER_HEIGHT,
  NODE_HEIGHT,
  layoutTopology,
  minimumWidth,
} from './topologyLayout';
import { buildTopology } from './topologyModel';

const model = buildTopology(
  entityStatus({
    routes: [
      route('httproute-1', ['service-1-workload-1', 'service-1-workload-2']),
    ],
  }),
);

describe('layoutTopology', () => {
  it('spreads the columns over the available width, left to right', () => {
    const layout = layoutTopology(model, 1200);

    expect(layout.width).toBe(1200);
    const xs = layout.columns.map(column => column.x);
    expect(xs[0]).toBe(0);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(xs[4] + layout.nodeWidth).toBeCloseTo(1200);
  });

  it('keeps a minimum width on narrow screens, so the picture scrolls instead of squeezing', () => {
    const layout = layoutTopology(model, 400);

    expect(layout.width).toBe(minimumWidth(5));
    expect(layout.nodeWidth).toBeGreaterThanOrEqual(140);
  });

  it('stops growing on very wide screens', () => {
    expect(layoutTopology(model, 5000).width).toBeLessThan(5000);
  });

  it('centres shorter columns against the tallest one', () => {
    const layout = layoutTopology(model, 1200);
    const [networks, , imports] = layout.columns;

    expect(imports.nodes.map(n => n.y)).toEqual([
      HEADER_HEIGHT,
      HEADER_HEIGHT + 72,
    ]);
    expect(networks.nodes[0].y + NODE_HEIGHT / 2).toBe(
      (imports.nodes[0].y + imports.nodes[1].y + NODE_HEIGHT) / 2,
    );
    expect(layout.height).toBe(HEADER_HEIGHT + 2 * NODE_HEIGHT + 16);
  });

  it('draws each edge from the right of its source to the left of its target, label at its middle', () => {
    const layout = layoutTopology(model, 1200);
    const routeNode = layout.columns[1].nodes[0];
    const firstImport = layout.columns[2].nodes[0];
    const edge = layout.edges.find(e => e.to === firstImport.id)!;

    const start = [
      routeNode.x + routeNode.width,
      routeNode.y + NODE_HEIGHT / 2,
    ];
    const end = [firstImport.x, firstImport.y + NODE_HEIGHT / 2];
    expect(edge.path.startsWith(`M ${start[0]} ${start[1]} `)).toBe(true);
    expect(edge.path.endsWith(`, ${end[0]} ${end[1]}`)).toBe(true);
    expect([edge.labelX, edge.labelY]).toEqual([
      (start[0] + end[0]) / 2,
      (start[1] + end[1]) / 2,
    ]);
  });
});
