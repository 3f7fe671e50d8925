import {
  entityStatus,
  notExportedCluster,
  route,
  serviceImport,
  workloadCluster,
} from '../../../__testUtils__/status';
import { TopologyModel, buildTopology } from './topologyModel';

function titles(model: TopologyModel): Record<string, string[]> {
  return Object.fromEntries(
    model.columns.map(column => [
      column.id,
      column.nodes.map(node => node.title),
    ]),
  );
}

function nodeOf(model: TopologyModel, title: string) {
  return model.columns.flatMap(c => c.nodes).find(node => node.title === title);
}

describe('buildTopology', () => {
  it('follows traffic from the service network through routes and imports to the exporting clusters', () => {
    const model = buildTopology(entityStatus());

    expect(titles(model)).toEqual({
      networks: ['gateway-1'],
      routes: ['httproute-1'],
      imports: ['service-1-workload-1', 'service-1-workload-2'],
      exports: ['service-1', 'service-1'],
      clusters: ['workload-1', 'workload-2'],
    });
    expect(model.edges.map(e => [e.from, e.to, e.label])).toEqual([
      [
        'network:default/gateway-1',
        'route:HTTPRoute/default/httproute-1',
        'http:80',
      ],
      [
        'route:HTTPRoute/default/httproute-1',
        'backend:ServiceImport/default/service-1-workload-1',
        '50% · w10',
      ],
      [
        'route:HTTPRoute/default/httproute-1',
        'backend:ServiceImport/default/service-1-workload-2',
        '50% · w10',
      ],
      [
        'backend:ServiceImport/default/service-1-workload-1',
        'export:workload-1',
        undefined,
      ],
      [
        'backend:ServiceImport/default/service-1-workload-2',
        'export:workload-2',
        undefined,
      ],
      ['export:workload-1', 'cluster:workload-1', undefined],
      ['export:workload-2', 'cluster:workload-2', undefined],
    ]);
  });

  it("shows a route's backends to other Services muted, so the weights add up", () => {
    const shared = route('httproute-1', [
      'service-1-workload-1',
      'service-2-workload-1',
    ]);
    shared.backends[1].reachesService = false;
    const model = buildTopology(
      entityStatus({
        routes: [shared],
        imports: [serviceImport('service-1-workload-1', 'workload-1')],
      }),
    );

    expect(nodeOf(model, 'service-2-workload-1')).toMatchObject({
      subtitle: 'another Service',
      tone: 'neutral',
      muted: true,
    });
    expect(
      model.edges.find(
        e => e.to === 'backend:ServiceImport/default/service-2-workload-1',
      ),
    ).toMatchObject({ label: '50% · w10', muted: true });
  });

  it('draws an ambiguous import to every cluster it may resolve to, as a warning', () => {
    const unpinned = serviceImport('service-1', 'workload-1', {
      pinnedCluster: undefined,
      resolution: 'ambiguous',
      candidates: [
        {
          targetGroupId: 'tg-1',
          arn: 'arn:1',
          name: 'tg-1',
          cluster: 'workload-1',
          port: 80,
          status: 'ACTIVE',
        },
        {
          targetGroupId: 'tg-2',
          arn: 'arn:2',
          name: 'tg-2',
          cluster: 'workload-2',
          port: 80,
          status: 'ACTIVE',
        },
      ],
    });
    const model = buildTopology(
      entityStatus({
        imports: [unpinned],
        routes: [route('httproute-1', ['service-1'])],
      }),
    );

    expect(nodeOf(model, 'service-1')).toMatchObject({ tone: 'warning' });
    expect(
      model.edges
        .filter(e => e.from === 'backend:ServiceImport/default/service-1')
        .map(e => [e.to, e.label, e.tone]),
    ).toEqual([
      ['export:workload-1', 'ambiguous', 'warning'],
      ['export:workload-2', 'ambiguous', 'warning'],
    ]);
  });

  it('labels weights per rule when a route has several rules', () => {
    const twoRules = route('httproute-1', [
      'service-1-workload-1',
      'service-1-workload-2',
    ]);
    twoRules.backends[1].ruleIndex = 1;
    twoRules.backends[1].share = 100;
    const model = buildTopology(entityStatus({ routes: [twoRules] }));

    expect(
      model.edges.filter(e => e.label?.startsWith('rule')).map(e => e.label),
    ).toEqual(['rule 1: 50% · w10', 'rule 2: 100% · w10']);
  });

  it('says what is missing in a column with nothing in it, and keeps clusters that do not export', () => {
    const model = buildTopology(
      entityStatus({
        routes: [],
        imports: [],
        clusters: [
          workloadCluster('workload-1', { state: 'unused' }),
          notExportedCluster('workload-2'),
        ],
      }),
    );

    expect(titles(model)).toEqual({
      networks: ['No service network'],
      routes: ['No route'],
      imports: ['No ServiceImport'],
      exports: ['service-1'],
      clusters: ['workload-1', 'workload-2'],
    });
    expect(nodeOf(model, 'No route')).toMatchObject({
      muted: true,
      tone: 'neutral',
    });
    expect(nodeOf(model, 'workload-2')?.subtitle).toBe('synced · not exported');
  });

  it('colours a network red when its Gateway is missing, and a failed export red', () => {
    const orphan = route('httproute-1', ['service-1-workload-1']);
    orphan.parents[0].gatewayFound = false;
    const model = buildTopology(
      entityStatus({
        routes: [orphan],
        clusters: [
          workloadCluster('workload-1', {
            state: 'failed',
            stateReason: 'FailedBuildModel',
          }),
        ],
      }),
    );

    expect(nodeOf(model, 'gateway-1')).toMatchObject({
      tone: 'error',
      subtitle: 'Gateway missing',
    });
    expect(nodeOf(model, 'service-1')).toMatchObject({
      cluster: 'workload-1',
      tone: 'error',
    });
  });

  it("shows an export of a provider with no export object of its own (Cilium's annotation) by the provider's title", () => {
    const cilium = workloadCluster('workload-1', {
      export: undefined,
      targetGroups: [],
      state: 'healthy',
      providers: [
        {
          provider: 'cilium-clustermesh',
          title: 'Cilium Cluster Mesh (global service)',
          exportKind: { group: '', version: 'v1', kind: 'Service' },
          exported: true,
          state: 'healthy',
          stateReason: 'Global.',
        },
      ],
    });

    const model = buildTopology(
      entityStatus({ clusters: [cilium], imports: [], routes: [] }),
    );

    expect(titles(model).exports).toEqual([
      'Cilium Cluster Mesh (global service)',
    ]);
  });

  it('counts a Linkerd export (a label of the Service) in every cluster exporting it, beside a cluster that only mirrors it', () => {
    const linkerd = (cluster: string, exported: boolean) =>
      workloadCluster(cluster, {
        export: undefined,
        targetGroups: [],
        state: exported ? 'healthy' : 'not-exported',
        providers: [
          {
            provider: 'linkerd',
            title: 'Linkerd multicluster (service mirror)',
            exportKind: { group: '', version: 'v1', kind: 'Service' },
            exported,
            state: exported ? 'healthy' : 'not-exported',
            stateReason: exported ? 'Exported (gateway mode) and mirrored in workload-3.' : 'No Service in this cluster.',
            imported: !exported,
          },
        ],
      });

    const model = buildTopology(
      entityStatus({
        clusters: [linkerd('workload-1', true), linkerd('workload-2', true), linkerd('workload-3', false)],
        imports: [],
        routes: [],
      }),
    );

    expect(titles(model).exports).toEqual([
      'Linkerd multicluster (service mirror)',
      'Linkerd multicluster (service mirror)',
    ]);
  });

  it('shows a Service Istio shares where nothing Service Network exports is live, in Istio\'s own state', () => {
    const istio = workloadCluster('workload-1', {
      export: undefined,
      targetGroups: [],
      state: 'not-exported',
      stateReason: 'No ServiceExport here.',
      providers: [
        {
          provider: 'aws-gateway-controller',
          title: 'AWS Gateway API Controller (VPC Lattice)',
          exportKind: { group: 'application-networking.k8s.aws', version: 'v1alpha1', kind: 'ServiceExport' },
          exported: false,
          state: 'not-exported',
          stateReason: 'No ServiceExport here.',
        },
        {
          provider: 'istio',
          title: 'Istio multi-cluster',
          exportKind: { group: '', version: 'v1', kind: 'Service' },
          exported: true,
          state: 'degraded',
          stateReason: 'Only its own namespace default sees it (networking.istio.io/exportTo).',
          readOnly: 'Service Network only reads Istio.',
        },
      ],
    });

    const model = buildTopology(
      entityStatus({ clusters: [istio], imports: [], routes: [] }),
    );

    const node = nodeOf(model, 'Istio multi-cluster');
    expect(node).toMatchObject({
      subtitle: 'degraded',
      tone: 'warning',
      description: 'In workload-1: Only its own namespace default sees it (networking.istio.io/exportTo).',
    });
  });
});
