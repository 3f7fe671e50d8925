import type { EntityServiceNetworkStatus } from '@service-network/backstage-plugin-service-network-common';
import { composeEntityStatus } from '../../status/composeEntityStatus';
import {
  condition,
  FleetBuilder,
  latticeExport,
  mcsExport,
  mcsImport,
  NOW,
  service,
} from '../../status/__fixtures__/fleet';

const NS = 'shop';
const NAME = 'cart';
const LIGHTHOUSE = [
  { id: 'aws-gateway-controller' as const },
  { id: 'mcs' as const, implementation: 'submariner-lighthouse' as const },
];

function compose(fleet: FleetBuilder): EntityServiceNetworkStatus {
  return composeEntityStatus({
    entityRef: 'component:default/cart',
    service: { namespace: NS, name: NAME },
    snapshot: fleet.build({ forbidScans: true }),
    now: NOW,
  });
}

const ready = [
  condition('Valid', 'True', 'Valid'),
  condition('Ready', 'True', 'Exported'),
  condition('Conflict', 'False', 'NoConflicts'),
];

describe('the MCS provider', () => {
  it('shows per cluster the provider, its kind, the name to call and the clusters the import is served from', () => {
    const fleet = new FleetBuilder();
    fleet.config();
    for (const name of ['east', 'west']) {
      fleet
        .workload(name, 'aws', LIGHTHOUSE)
        .add(
          service(NS, NAME),
          mcsExport(NS, NAME, ready),
          mcsImport(NS, NAME, { clusters: ['east', 'west'] }),
        );
    }

    const status = compose(fleet);

    const east = status.clusters[0];
    expect(east.state).toBe('healthy');
    expect(east.providers.map(p => [p.provider, p.state])).toEqual([
      ['aws-gateway-controller', 'not-exported'],
      ['mcs', 'healthy'],
    ]);
    expect(east.providers[1]).toMatchObject({
      title: 'MCS API (Submariner Lighthouse)',
      exportKind: {
        group: 'multicluster.x-k8s.io',
        version: 'v1beta1',
        kind: 'ServiceExport',
      },
      callName: 'cart.shop.svc.clusterset.local',
      imported: true,
      servedFrom: ['east', 'west'],
    });
    expect(east.providers[1].facts?.[0]).toContain('clusterset.local');
    expect(east.mcsImport).toMatchObject({
      type: 'ClusterSetIP',
      ips: ['242.1.0.10'],
    });
    // Another provider's ServiceExport kind is not a mistake in a cluster that runs that provider.
    expect(status.findings.map(f => f.id)).not.toContain(
      'export-wrong-api-group',
    );
  });

  it('says where a cluster runs the Service without exporting it, while the clusterset serves it from elsewhere', () => {
    const fleet = new FleetBuilder();
    fleet.config();
    fleet
      .workload('east', 'mcs')
      .add(
        service(NS, NAME),
        mcsExport(NS, NAME, ready),
        mcsImport(NS, NAME, { clusters: ['east'] }),
      );
    fleet
      .workload('west', 'mcs')
      .add(service(NS, NAME), mcsImport(NS, NAME, { clusters: ['east'] }));

    const status = compose(fleet);

    expect(status.clusters[1].stateReason).toBe(
      'Not exported here; imported from east.',
    );
    const missing = status.findings.find(f => f.id === 'mcs-not-exported-here');
    expect(missing).toMatchObject({ cluster: 'west', severity: 'warning' });
    expect(missing?.detail).toContain(
      'cart.shop.svc.clusterset.local from east only',
    );
  });

  it('takes the cluster state from the provider the Service is exported with', () => {
    const fleet = new FleetBuilder();
    fleet.config();
    fleet
      .workload('east', 'aws', LIGHTHOUSE)
      .add(
        service(NS, NAME),
        latticeExport(NS, NAME, { federated: false }),
        mcsExport(NS, NAME, [
          condition(
            'Valid',
            'False',
            'NoService',
            'Service shop/cart not found',
          ),
        ]),
      );

    const status = compose(fleet);

    expect(status.clusters[0].state).toBe('failed');
    expect(status.clusters[0].providers.map(p => p.state)).toEqual([
      'ignored',
      'failed',
    ]);
    expect(status.findings.map(f => f.id)).toEqual(
      expect.arrayContaining([
        'export-missing-federation-annotation',
        'mcs-export-invalid',
      ]),
    );
  });

  it('names the Cloud Map namespace and service of an export through the Cloud Map controller', () => {
    const fleet = new FleetBuilder();
    fleet.config();
    fleet
      .workload('east', 'mcs', [{ id: 'mcs', implementation: 'cloud-map' }])
      .add(service(NS, NAME), mcsExport(NS, NAME, ready));

    const [entry] = compose(fleet).clusters[0].providers;

    expect(entry.title).toBe('MCS API (AWS Cloud Map MCS controller)');
    expect(entry.facts).toContain(
      'Registered in AWS Cloud Map as service cart in namespace shop.',
    );
  });
});
