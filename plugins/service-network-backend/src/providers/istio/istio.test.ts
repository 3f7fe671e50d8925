import type { EntityServiceNetworkStatus } from '@service-network/backstage-plugin-service-network-common';
import type { KubeObject, ServiceObject } from '../../inventory/snapshot';
import { composeEntityStatus } from '../../status/composeEntityStatus';
import { composeFleetOverview } from '../../status/composeFleetOverview';
import { FleetBuilder, NOW, service } from '../../status/__fixtures__/fleet';
import { planExport } from '../../exports/planExport';

const NS = 'shop';
const NAME = 'invoices';
const ISTIO = [{ id: 'istio' as const }];

function namespace(name: string, labels: Record<string, string>, annotations?: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels, annotations } };
}

function remoteSecret(cluster: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: `istio-remote-secret-${cluster}`,
      namespace: 'istio-system',
      labels: { 'istio/multiCluster': 'true' },
      annotations: { 'networking.istio.io/cluster': cluster },
    },
  };
}

function eastWestGateway(network: string): ServiceObject {
  const object = service('istio-system', 'istio-eastwestgateway', {
    type: 'LoadBalancer',
    ports: [{ port: 15021 }, { port: 15443, name: 'tls' }],
  });
  return {
    ...object,
    metadata: { ...object.metadata, labels: { istio: 'eastwestgateway', 'topology.istio.io/network': network } },
  };
}

function labelled(
  labels: Record<string, string> = {},
  annotations: Record<string, string> = {},
  ports = [{ port: 80 }],
): ServiceObject {
  const object = service(NS, NAME, { ports });
  return { ...object, metadata: { ...object.metadata, labels, annotations } };
}

interface ClusterSetup {
  network?: string;
  /** The clusters it holds remote secrets for. */
  secrets?: string[];
  gateway?: boolean;
  ambient?: boolean;
  /** For a remote: its primary, as istio-system's controlPlaneClusters annotation names it. */
  primary?: string;
  service?: ServiceObject;
}

function mesh(clusters: Record<string, ClusterSetup>, providers: Array<{ id: 'istio' | 'aws-gateway-controller' }> = ISTIO) {
  const fleet = new FleetBuilder();
  fleet.config();
  for (const [name, setup] of Object.entries(clusters)) {
    const cluster = fleet.workload(name, 'aws', providers);
    cluster.add(
      namespace(
        'istio-system',
        setup.network ? { 'topology.istio.io/network': setup.network } : {},
        setup.primary ? { 'topology.istio.io/controlPlaneClusters': setup.primary } : undefined,
      ),
      namespace(NS, setup.ambient ? { 'istio.io/dataplane-mode': 'ambient' } : {}),
      ...(setup.secrets ?? []).map(remoteSecret),
      ...(setup.gateway && setup.network ? [eastWestGateway(setup.network)] : []),
      ...(setup.service ? [setup.service] : []),
    );
  }
  return fleet;
}

function compose(fleet: FleetBuilder): EntityServiceNetworkStatus {
  return composeEntityStatus({
    entityRef: 'component:default/invoices',
    service: { namespace: NS, name: NAME },
    snapshot: fleet.build(),
    now: NOW,
  });
}

const ids = (status: EntityServiceNetworkStatus) =>
  status.findings.filter(f => f.id.startsWith('istio-')).map(f => `${f.cluster}: ${f.id}`);

const MULTI_PRIMARY = {
  east: { network: 'network1', secrets: ['west'], gateway: true, service: labelled() },
  west: { network: 'network2', secrets: ['east'], gateway: true, service: labelled() },
};

describe('the Istio provider', () => {
  it('shows a Service running in both clusters of a multi-primary mesh on two networks as reached from both', () => {
    const status = compose(mesh(MULTI_PRIMARY));

    const [east, west] = status.clusters;
    expect(east.providers[0]).toMatchObject({
      provider: 'istio',
      exportKind: { group: '', version: 'v1', kind: 'Service' },
      exported: true,
      imported: true,
      state: 'healthy',
      callName: 'invoices.shop.svc.cluster.local',
      servedFrom: ['east', 'west'],
      stateReason: 'Calls from here reach the endpoints in east, west.',
    });
    expect(east.providers[0].readOnly).toContain('Service Network only reads Istio');
    expect(west.istio).toMatchObject({
      network: 'network2',
      watches: ['east'],
      reachedFrom: ['east'],
      unreachable: [],
      missingIn: [],
      eastWestGateway: 'istio-system/istio-eastwestgateway',
    });
    // Only the honest note about mesh configuration remains.
    expect(ids(status)).toEqual(['east: istio-mesh-config-unread', 'west: istio-mesh-config-unread']);
    expect(status.findings.find(f => f.id === 'istio-mesh-config-unread')?.detail).toContain(
      'MeshConfig.defaultServiceExportTo (it applies here, since the Service sets no exportTo)',
    );
  });

  it('leaves the cluster state to the providers Service Network writes for, beside them', () => {
    const status = compose(mesh(MULTI_PRIMARY, [{ id: 'aws-gateway-controller' }, ...ISTIO]));

    const [east] = status.clusters;
    expect(east.state).toBe('not-exported');
    expect(east.providers.map(p => [p.provider, p.state])).toEqual([
      ['aws-gateway-controller', 'not-exported'],
      ['istio', 'healthy'],
    ]);
  });

  it('names the cluster whose control plane has no remote secret for its peer', () => {
    // Primary-remote: west holds no secrets, east's istiod (which holds one for west) configures it.
    const status = compose(
      mesh({ ...MULTI_PRIMARY, west: { ...MULTI_PRIMARY.west, secrets: [], primary: 'east', network: 'network1', gateway: false } }),
    );

    const [east, west] = status.clusters;
    expect(west.istio?.primary).toBe('east');
    expect(west.state).toBe('healthy');
    expect(west.providers[0].facts?.[0]).toBe('A remote of east: its istiod configures the proxies here.');
    expect(east.istio?.servedFrom).toEqual(['east', 'west']);

    // Multi-primary, west's secret for east gone: west's own istiod no longer sees east.
    const lost = compose(mesh({ ...MULTI_PRIMARY, west: { ...MULTI_PRIMARY.west, secrets: [] } }));
    expect(lost.clusters[1].istio?.unreachable).toEqual([{ cluster: 'east', reason: 'no-remote-secret' }]);
    expect(lost.clusters[0].state).toBe('healthy');

    const lonely = compose(
      mesh({
        east: { network: 'network1', secrets: ['elsewhere'], service: labelled() },
        west: { network: 'network1', secrets: ['elsewhere'], service: labelled() },
      }),
    );
    expect(lonely.clusters[0]).toMatchObject({
      state: 'degraded',
      stateReason: 'Calls from here reach east only, not west (no remote secret for it).',
    });
    const finding = lonely.findings.find(f => f.id === 'istio-no-remote-secret' && f.cluster === 'east');
    expect(finding?.action).toBe(
      'Give east access to west: istioctl create-remote-secret --context=<west> --name=west | kubectl apply -f - --context=<east>.',
    );
  });

  it('says another network without an east-west gateway keeps its endpoints out of reach', () => {
    const status = compose(mesh({ ...MULTI_PRIMARY, west: { ...MULTI_PRIMARY.west, gateway: false } }));

    expect(status.clusters[0].istio?.unreachable).toEqual([{ cluster: 'west', reason: 'no-east-west-gateway' }]);
    expect(status.clusters[0].stateReason).toBe(
      'Calls from here reach east only, not west (another network, no east-west gateway).',
    );
    // west still reaches east, which has its gateway.
    expect(status.clusters[1].istio?.servedFrom).toEqual(['east', 'west']);
    expect(ids(status)).toContain('east: istio-no-east-west-gateway');
  });

  it("says exportTo '.' hides the Service from other namespaces", () => {
    const hidden = labelled({}, { 'networking.istio.io/exportTo': '.' });
    const status = compose(
      mesh({ east: { ...MULTI_PRIMARY.east, service: hidden }, west: { ...MULTI_PRIMARY.west, service: hidden } }),
    );

    expect(status.clusters[0]).toMatchObject({
      state: 'degraded',
      stateReason: 'Only its own namespace shop sees it (networking.istio.io/exportTo).',
    });
    const finding = status.findings.find(f => f.id === 'istio-export-to-hides');
    expect(finding?.detail).toContain('networking.istio.io/exportTo: ".": only namespace shop see it');
    expect(finding?.action).toContain('Set networking.istio.io/exportTo to "*"');
    // With exportTo set, the mesh default no longer applies.
    expect(status.findings.find(f => f.id === 'istio-mesh-config-unread')?.detail).not.toContain('defaultServiceExportTo');

    const listed = compose(
      mesh({ east: { ...MULTI_PRIMARY.east, service: labelled({}, { 'networking.istio.io/exportTo': '.,billing' }) } }),
    );
    expect(listed.clusters[0].stateReason).toBe('Only namespaces shop, billing see it (networking.istio.io/exportTo).');
    const open = compose(
      mesh({ east: { ...MULTI_PRIMARY.east, service: labelled({}, { 'networking.istio.io/exportTo': '*' }) } }),
    );
    expect(open.clusters[0].state).toBe('healthy');
  });

  it('finds the Service missing in one cluster of the mesh', () => {
    const status = compose(mesh({ ...MULTI_PRIMARY, west: { ...MULTI_PRIMARY.west, service: undefined } }));

    expect(status.clusters.map(c => [c.cluster, c.state, c.stateReason])).toEqual([
      ['east', 'healthy', 'No other cluster of the mesh runs it: calls stay here.'],
      ['west', 'not-exported', 'No Service here; it runs in east.'],
    ]);
    expect(status.clusters[0].istio?.missingIn).toEqual(['west']);
    const finding = status.findings.find(f => f.id === 'istio-no-service-here');
    expect(finding).toMatchObject({ cluster: 'west', severity: 'warning', title: 'Not in every cluster of the mesh' });
    expect(finding?.action).toContain('Create the Service shop/invoices in west with the same ports');
  });

  it('shares an ambient Service only with the istio.io/global label, which the local copy decides', () => {
    const ambient = (global: boolean) => ({
      ...MULTI_PRIMARY,
      east: { ...MULTI_PRIMARY.east, ambient: true, service: labelled(global ? { 'istio.io/global': 'true' } : {}) },
      west: { ...MULTI_PRIMARY.west, ambient: true, service: labelled({ 'istio.io/global': 'true' }) },
    });

    const local = compose(mesh(ambient(false)));
    expect(local.clusters[0]).toMatchObject({
      state: 'not-exported',
      stateReason: 'Ambient mode without istio.io/global: calls from here stay in this cluster.',
    });
    expect(local.clusters[0].istio?.servedFrom).toEqual(['east']);
    // west's copy is global, so calls from west still reach east.
    expect(local.clusters[1].istio?.servedFrom).toEqual(['east', 'west']);
    expect(local.clusters[0].providers[0].exported).toBe(true);
    expect(ids(local)).toContain('east: istio-ambient-not-global');

    const global = compose(mesh(ambient(true)));
    expect(global.clusters[0]).toMatchObject({ state: 'healthy' });
    expect(global.clusters[0].istio).toMatchObject({ ambient: true, global: true });
    expect(global.findings.find(f => f.id === 'istio-mesh-config-unread')?.detail).toContain('serviceScopeConfigs');
  });

  it('warns where the copies differ in ports (IST0170)', () => {
    const status = compose(
      mesh({ ...MULTI_PRIMARY, west: { ...MULTI_PRIMARY.west, service: labelled({}, {}, [{ port: 9090 }]) } }),
    );

    expect(status.clusters[0].istio?.inconsistentWith).toEqual(['west']);
    expect(ids(status)).toEqual(expect.arrayContaining(['east: istio-copies-differ', 'west: istio-copies-differ']));
  });

  it('shows Istio on the fleet page as read only, by the kind it reads', () => {
    const overview = composeFleetOverview(mesh(MULTI_PRIMARY).build());
    const east = overview.clusters.find(c => c.name === 'east');
    expect(east?.providers).toEqual([
      expect.objectContaining({ id: 'istio', title: 'Istio multi-cluster', exportKind: 'Service.' }),
    ]);
    expect(east?.providers[0].readOnly).toContain('Istio is read-only in Service Network (cluster east)');
  });

  it('refuses an Istio export as bad input naming the provider, with nothing planned', () => {
    const snapshot = mesh(MULTI_PRIMARY).build();
    const clusters = snapshot.clusters.filter(c => c.cluster.role === 'workload');
    const plan = planExport({
      service: { namespace: NS, name: NAME },
      request: { clusters: ['east', 'west'], provider: 'istio' },
      selection: { clusters, problems: [], warnings: [] },
      servedVersions: new Map(),
      lattice: snapshot.lattice,
      quota: { limit: 500, inUse: 0, region: 'us-west-2' },
    });

    expect(plan.writes).toEqual([]);
    expect(plan.problems.map(p => p.kind)).toEqual(['input', 'input']);
    expect(plan.problems[0].message).toMatch(/^provider: Istio is read-only in Service Network \(cluster east\); choose another provider/);
  });
});
