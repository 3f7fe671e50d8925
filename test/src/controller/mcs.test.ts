import { service } from '../fleet/objects';
import { KubeObject } from '../kube/types';
import { Condition } from './conditions';
import { RESOURCES } from './constants';
import { PeerService } from './mcs';
import { createTestWorld, TestWorld } from './testWorld';

let world: TestWorld;
let peers: PeerService[];

beforeEach(() => {
  peers = [];
  world = createTestWorld(['workload-1'], {
    upstreamMcs: true,
    peerServices: () => peers,
  });
});

afterEach(() => world.stop());

const mcsExport: KubeObject = {
  apiVersion: 'multicluster.x-k8s.io/v1beta1',
  kind: 'ServiceExport',
  metadata: { name: 'checkout', namespace: 'shop' },
};

function conditions(): Record<string, string> {
  const stored = world
    .cluster('workload-1')
    .store.get(RESOURCES.mcsServiceExports, 'shop', 'checkout');
  const list =
    (stored?.status as { conditions?: Condition[] })?.conditions ?? [];
  return Object.fromEntries(list.map(c => [c.type, `${c.status}/${c.reason}`]));
}

describe('upstream MCS ServiceExport', () => {
  it('is not Valid without its Service', async () => {
    world.apply('workload-1', mcsExport);
    await world.settle();
    expect(conditions()).toEqual({
      Valid: 'False/NoService',
      Ready: 'False/Pending',
    });
  });

  it('becomes Ready one pass after it is Valid, without conflicts', async () => {
    world.apply(
      'workload-1',
      service('shop', 'checkout', '172.20.0.10'),
      mcsExport,
    );
    await world.settle();
    expect(conditions()).toEqual({
      Valid: 'True/Valid',
      Ready: 'True/Exported',
      Conflict: 'False/NoConflicts',
    });
    expect(world.lattice.listTargetGroups()).toEqual([]);
  });

  it('reports a port conflict with the same service in another cluster', async () => {
    peers = [
      {
        clusterName: 'workload-2',
        service: service('shop', 'checkout', '172.20.1.10', [
          { name: 'http', port: 8080, targetPort: 8080 },
        ]),
      },
    ];
    world.apply(
      'workload-1',
      service('shop', 'checkout', '172.20.0.10'),
      mcsExport,
    );
    await world.settle();
    expect(conditions().Conflict).toBe('True/PortConflict');
  });
});
