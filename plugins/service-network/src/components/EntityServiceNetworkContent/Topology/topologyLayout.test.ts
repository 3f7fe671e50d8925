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

function columnWidths(width: number) {
  return Object.fromEntries(
    layoutTopology(model, width).columns.map(c => [c.id, c.width]),
  );
}

describe('layoutTopology', () => {
  it('places the columns left to right within the available width', () => {
    const layout = layoutTopology(model, 1200);

    const xs = layout.columns.map(column => column.x);
    expect(xs[0]).toBe(0);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(layout.width).toBeLessThanOrEqual(1200);
    const last = layout.columns[layout.columns.length - 1];
    expect(last.x + last.width).toBeCloseTo(layout.width);
  });

  it('gives a column the width its longest name needs', () => {
    const widths = columnWidths(1200);

    expect(widths.imports).toBeGreaterThan(widths.routes);
    expect(widths.imports).toBeGreaterThanOrEqual(
      'service-1-workload-1'.length * 8,
    );
  });

  it('narrows the columns on narrow screens, down to a minimum below which the picture scrolls', () => {
    const wide = columnWidths(1200);
    const narrow = columnWidths(750);

    expect(narrow.imports).toBeLessThan(wide.imports);
    expect(layoutTopology(model, 300).width).toBe(minimumWidth(5));
  });

  it('stops growing on very wide screens', () => {
    expect(layoutTopology(model, 5000).width).toBeLessThan(2000);
  });

  it('centres shorter columns against the tallest one', () => {
    const layout = layoutTopology(model, 1200);
    const [networks, , imports] = layout.columns;

    expect(imports.nodes.map(n => n.y)).toEqual([
      HEADER_HEIGHT,
      HEADER_HEIGHT + NODE_HEIGHT + 16,
    ]);
    expect(networks.nodes[0].y + NODE_HEIGHT / 2).toBe(
      (imports.nodes[0].y + imports.nodes[1].y + NODE_HEIGHT) / 2,
    );
    expect(layout.height).toBe(HEADER_HEIGHT + 2 * NODE_HEIGHT + 16);
  });

  it('draws each edge from the right of its source to the left of its target, labelled just before the target', () => {
    const layout = layoutTopology(model, 1200);
    const routeNode = layout.columns[1].nodes[0];
    const firstImport = layout.columns[2].nodes[0];
    const edge = layout.edges.find(e => e.to === firstImport.id)!;

    const start = `M ${routeNode.x + routeNode.width} ${
      routeNode.y + NODE_HEIGHT / 2
    } `;
    const end = `, ${firstImport.x} ${firstImport.y + NODE_HEIGHT / 2}`;
    expect(edge.path.startsWith(start)).toBe(true);
    expect(edge.path.endsWith(end)).toBe(true);
    expect(edge.labelX).toBeLessThan(firstImport.x);
    expect(edge.labelY).toBe(firstImport.y + NODE_HEIGHT / 2);
  });

  it('stacks the labels of edges that enter the same node', () => {
    const twoGateways = route('httproute-1', ['service-1-workload-1']);
    twoGateways.parents = [
      twoGateways.parents[0],
      {
        ...twoGateways.parents[0],
        gatewayName: 'gateway-2',
        serviceNetwork: 'gateway-2',
      },
    ];
    const layout = layoutTopology(
      buildTopology(entityStatus({ routes: [twoGateways] })),
      1200,
    );

    const labelsIntoRoute = layout.edges
      .filter(e => e.to.startsWith('route:'))
      .map(e => e.labelY);
    expect(labelsIntoRoute).toHaveLength(2);
    expect(labelsIntoRoute[1] - labelsIntoRoute[0]).toBeGreaterThanOrEqual(16);
  });
});
