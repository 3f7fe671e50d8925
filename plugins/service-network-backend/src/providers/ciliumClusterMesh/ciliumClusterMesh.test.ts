import type { EntityServiceNetworkStatus } from '@service-network/backstage-plugin-service-network-common';
import type { ServiceObject } from '../../inventory/snapshot';
import { composeEntityStatus } from '../../status/composeEntityStatus';
import { composeFleetOverview } from '../../status/composeFleetOverview';
import { FleetBuilder, NOW, service } from '../../status/__fixtures__/fleet';

const NS = 'shop';
const NAME = 'catalog';
const CILIUM = [{ id: 'cilium-clustermesh' as const }];
const GLOBAL = { 'service.cilium.io/global': 'true' };

function annotated(annotations: Record<string, string>): ServiceObject {
  const object = service(NS, NAME);
  return { ...object, metadata: { ...object.metadata, annotations } };
}

/** One workload cluster per entry: the Service's annotations there, or no Service. */
function mesh(clusters: Record<string, Record<string, string> | undefined>) {
  const fleet = new FleetBuilder();
  fleet.config();
  for (const [name, annotations] of Object.entries(clusters)) {
    const cluster = fleet.workload(name, 'aws', CILIUM);
    if (annotations) cluster.add(annotated(annotations));
  }
  return fleet;
}

function compose(fleet: FleetBuilder): EntityServiceNetworkStatus {
  return composeEntityStatus({
    entityRef: 'component:default/catalog',
    service: { namespace: NS, name: NAME },
    snapshot: fleet.build(),
    now: NOW,
  });
}

describe('the Cilium Cluster Mesh provider', () => {
  it('shows a global service in every cluster sharing it, called by its own name', () => {
    const status = compose(mesh({ east: GLOBAL, west: GLOBAL }));

    const [east, west] = status.clusters;
    expect(east.state).toBe('healthy');
    expect(east.providers[0]).toMatchObject({
      provider: 'cilium-clustermesh',
      exportKind: { group: '', version: 'v1', kind: 'Service' },
      exported: true,
      callName: 'catalog.shop.svc.cluster.local',
      servedFrom: ['east', 'west'],
      stateReason: 'Global: calls from here reach the endpoints in east, west.',
    });
    expect(west.ciliumGlobal).toMatchObject({
      global: true,
      shared: true,
      affinity: 'none',
      globalIn: ['east', 'west'],
      differences: [],
      missingIn: [],
    });
    expect(status.findings.filter(f => f.id.startsWith('cilium-'))).toEqual([]);
  });

  it('names the cluster running the Service without the global annotation', () => {
    const status = compose(mesh({ east: GLOBAL, west: {} }));

    expect(status.clusters.map(c => [c.state, c.stateReason])).toEqual([
      ['degraded', 'Global here, but not in west, which runs the Service too.'],
      ['not-exported', 'Not global here; global in east.'],
    ]);
    expect(status.clusters[0].ciliumGlobal?.differences).toEqual([
      { cluster: 'west', annotation: 'global', value: undefined },
    ]);
    const finding = status.findings.find(f => f.id === 'cilium-not-global-here');
    expect(finding).toMatchObject({ cluster: 'west', severity: 'warning' });
    expect(finding?.action).toContain('service.cilium.io/global: "true"');
  });

  it('warns where a mesh cluster runs no Service of the name, since Cilium serves a global service only where it is defined', () => {
    const status = compose(mesh({ east: GLOBAL, west: undefined }));

    expect(status.clusters[0].ciliumGlobal?.missingIn).toEqual(['west']);
    expect(status.clusters[1].stateReason).toBe(
      'No Service here; it is global in east.',
    );
    expect(status.findings.find(f => f.id === 'cilium-no-service-here')).toMatchObject({
      cluster: 'west',
      severity: 'warning',
    });
  });

  it('leaves a cluster sharing nothing out of where calls go, and says what differs and what Cilium does not read on a Service', () => {
    const status = compose(
      mesh({
        east: { ...GLOBAL, 'service.cilium.io/affinity': 'local' },
        west: {
          ...GLOBAL,
          'service.cilium.io/shared': 'false',
          'service.cilium.io/weight': '3',
        },
      }),
    );

    const [east, west] = status.clusters;
    expect(east.providers[0].servedFrom).toEqual(['east']);
    expect(west.providers[0].servedFrom).toEqual(['east', 'west']);
    expect(west.ciliumGlobal?.shared).toBe(false);
    expect(east.providers[0].facts).toContain(
      'service.cilium.io/affinity is "local": calls prefer this cluster\' endpoints while any are healthy.',
    );
    const ids = status.findings.map(f => [f.id, f.cluster]);
    expect(ids).toEqual(
      expect.arrayContaining([
        ['cilium-annotations-differ', 'east'],
        ['cilium-annotations-differ', 'west'],
        ['cilium-weight-on-service', 'west'],
      ]),
    );
    expect(
      status.findings.find(f => f.id === 'cilium-annotations-differ' && f.cluster === 'east')?.detail,
    ).toBe(
      'shop/catalog in cluster east has service.cilium.io/shared unset where west has false; service.cilium.io/affinity local where west has it unset.',
    );
  });

  it('warns about an affinity Cilium does not know', () => {
    const status = compose(
      mesh({ east: { ...GLOBAL, 'service.cilium.io/affinity': 'nearest' } }),
    );

    expect(status.findings.find(f => f.id === 'cilium-affinity-unknown')?.detail).toContain(
      '"nearest"',
    );
  });

  it('reads only clusters of the mesh: a cluster without the provider is no member', () => {
    const fleet = mesh({ east: GLOBAL });
    fleet.workload('outside').add(annotated({}));

    const status = compose(fleet);

    expect(status.clusters[0].ciliumGlobal?.differences).toEqual([]);
    expect(status.clusters[1].providers.map(p => p.provider)).toEqual([
      'aws-gateway-controller',
    ]);
  });

  it('counts global services on the fleet page', () => {
    const overview = composeFleetOverview(
      mesh({ east: GLOBAL, west: {} }).build(),
    );

    expect(overview.clusters.map(c => c.exports.ciliumGlobal)).toEqual([
      undefined,
      1,
      0,
    ]);
    expect(overview.totals.exports.ciliumGlobal).toBe(1);
  });
});
