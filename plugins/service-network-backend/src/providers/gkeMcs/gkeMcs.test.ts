import type { EntityServiceNetworkStatus } from '@service-network/backstage-plugin-service-network-common';
import type { KubeObject } from '../../inventory/snapshot';
import { sourcesFor } from '../../inventory/sources';
import { composeEntityStatus } from '../../status/composeEntityStatus';
import {
  condition,
  FleetBuilder,
  mcsExport,
  mcsImport,
  NOW,
  service,
} from '../../status/__fixtures__/fleet';

const NS = 'shop';
const NAME = 'orders';
const GKE = [{ id: 'gke-mcs' as const }];
const MEMBERSHIP = 'projects/123/locations/global/memberships';

function gke<T extends KubeObject>(object: T): T {
  return { ...object, apiVersion: 'net.gke.io/v1' };
}

function compose(fleet: FleetBuilder): EntityServiceNetworkStatus {
  return composeEntityStatus({
    entityRef: 'component:default/orders',
    service: { namespace: NS, name: NAME },
    snapshot: fleet.build({ forbidScans: true }),
    now: NOW,
  });
}

const exported = [
  condition('Initialized', 'True', 'Initialized'),
  condition('Exported', 'True', 'Exported'),
  condition('Conflict', 'False', 'NoConflicts'),
];

describe('the GKE multi-cluster Services provider', () => {
  it("reads net.gke.io exports and imports with GKE's conditions, the name to call and the fleet memberships serving it", () => {
    const fleet = new FleetBuilder();
    fleet.config();
    for (const name of ['east', 'west']) {
      fleet
        .workload(name, 'mcs', GKE)
        .add(
          service(NS, NAME),
          gke(mcsExport(NS, NAME, exported)),
          gke(
            mcsImport(NS, NAME, {
              clusters: [`${MEMBERSHIP}/east`, `${MEMBERSHIP}/west`],
            }),
          ),
        );
    }

    const status = compose(fleet);

    const [east] = status.clusters;
    expect(east.state).toBe('healthy');
    expect(east.providers[0]).toMatchObject({
      provider: 'gke-mcs',
      title: 'GKE multi-cluster Services',
      exportKind: { group: 'net.gke.io', version: 'v1', kind: 'ServiceExport' },
      exported: true,
      callName: 'orders.shop.svc.clusterset.local',
      servedFrom: [`${MEMBERSHIP}/east`, `${MEMBERSHIP}/west`],
    });
    expect(east.gkeExport?.apiVersion).toBe('net.gke.io/v1');
    expect(east.gkeImport?.ips).toEqual(['242.1.0.10']);
    expect(east.mcsExport).toBeUndefined();
    expect(status.findings.map(f => f.id)).not.toContain(
      'export-wrong-api-group',
    );
  });

  it('says which export conflicts, and where the Service runs without a GKE export', () => {
    const fleet = new FleetBuilder();
    fleet.config();
    fleet
      .workload('east', 'mcs', GKE)
      .add(
        service(NS, NAME),
        gke(
          mcsExport(NS, NAME, [
            condition('Initialized', 'True', 'Initialized'),
            condition('Exported', 'True', 'Exported'),
            condition(
              'Conflict',
              'True',
              'PortConflict',
              'ports: this cluster has 9090/TCP, the clusterset uses 80/TCP from cluster west, whose ServiceExport is the oldest',
            ),
          ]),
        ),
        gke(mcsImport(NS, NAME, { clusters: [`${MEMBERSHIP}/west`] })),
      );
    fleet
      .workload('lone', 'mcs', GKE)
      .add(
        service(NS, NAME),
        gke(mcsImport(NS, NAME, { clusters: [`${MEMBERSHIP}/west`] })),
      );

    const status = compose(fleet);

    expect(status.clusters.map(c => c.state)).toEqual([
      'degraded',
      'not-exported',
    ]);
    const conflict = status.findings.find(f => f.id === 'gke-mcs-export-conflict');
    expect(conflict).toMatchObject({ cluster: 'east', severity: 'warning' });
    expect(conflict?.title).toBe(
      'GKE multi-cluster Services export conflicts with other clusters',
    );
    expect(conflict?.detail).toContain('PortConflict');
    expect(conflict?.objectRefs?.[0]).toMatchObject({ apiVersion: 'net.gke.io/v1', kind: 'ServiceExport' });
    const missing = status.findings.find(
      f => f.id === 'gke-mcs-not-exported-here',
    );
    expect(missing?.cluster).toBe('lone');
    expect(missing?.action).toContain('net.gke.io ServiceExport named orders');
  });

  it('fails an export GKE could not initialise', () => {
    const fleet = new FleetBuilder();
    fleet.config();
    fleet
      .workload('east', 'mcs', GKE)
      .add(
        gke(
          mcsExport(NS, NAME, [
            condition('Initialized', 'False', 'NoService', 'Service shop/orders not found'),
          ]),
        ),
      );

    const status = compose(fleet);

    expect(status.clusters[0].state).toBe('failed');
    expect(status.findings.find(f => f.id === 'gke-mcs-export-invalid')?.action).toBe(
      'Create the Service with the same name and namespace in this cluster, or delete the ServiceExport.',
    );
  });

  it('names the MultiClusterService of the config cluster and the MultiClusterIngresses sending to it', () => {
    const fleet = new FleetBuilder();
    fleet.config().add(
      {
        apiVersion: 'networking.gke.io/v1',
        kind: 'MultiClusterService',
        metadata: { name: NAME, namespace: NS },
        spec: { clusters: [{ link: 'us-west1/east' }] },
      },
      {
        apiVersion: 'networking.gke.io/v1',
        kind: 'MultiClusterIngress',
        metadata: { name: 'storefront', namespace: NS },
        spec: { backends: [NAME] },
        status: { vip: '34.1.2.3' },
      },
      {
        apiVersion: 'networking.gke.io/v1',
        kind: 'MultiClusterIngress',
        metadata: { name: 'other', namespace: NS },
        spec: { backends: ['payments'] },
      },
    );
    fleet
      .workload('east', 'mcs', GKE)
      .add(service(NS, NAME), gke(mcsExport(NS, NAME, exported)));

    const [entry] = compose(fleet).clusters[0].providers;

    expect(entry.facts).toEqual([
      expect.stringContaining('fleet membership'),
      'MultiClusterService shop/orders in config cluster config derives Services in us-west1/east.',
      'MultiClusterIngress shop/storefront in config cluster config sends traffic to it (VIP 34.1.2.3).',
    ]);
  });

  it('keeps the upstream MCS and the GKE details apart in a cluster running both', () => {
    const fleet = new FleetBuilder();
    fleet.config();
    fleet
      .workload('east', 'mcs', [{ id: 'mcs', implementation: 'generic' }, ...GKE])
      .add(
        service(NS, NAME),
        mcsExport(NS, NAME, [condition('Ready', 'True', 'Exported')]),
        gke(mcsExport(NS, NAME, exported)),
      );

    const [east] = compose(fleet).clusters;

    expect(east.mcsExport?.apiVersion).toBe('multicluster.x-k8s.io/v1beta1');
    expect(east.gkeExport?.apiVersion).toBe('net.gke.io/v1');
    expect(east.providers.map(p => [p.provider, p.state])).toEqual([
      ['mcs', 'healthy'],
      ['gke-mcs', 'healthy'],
    ]);
  });

  it('watches its exports and imports in workload clusters, and its MultiClusterServices and Ingresses in a config cluster naming it', () => {
    const plurals = (role: 'workload' | 'config') =>
      sourcesFor({ role, providers: GKE }).map(s => s.source);

    expect(plurals('workload')).toEqual(
      expect.arrayContaining(['gkeserviceexports', 'gkeserviceimports']),
    );
    expect(plurals('config')).toEqual(
      expect.arrayContaining([
        'gkemulticlusterservices',
        'gkemulticlusteringresses',
      ]),
    );
    expect(
      sourcesFor({ role: 'config', providers: [{ id: 'aws-gateway-controller' }] }).map(s => s.source),
    ).not.toContain('gkemulticlusterservices');
  });
});
