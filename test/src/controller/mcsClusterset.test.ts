import { service } from '../fleet/objects';
import { loadProjectCrds } from '../kube/crdManifests';
import { createObjectStore } from '../kube/store';
import { KubeObject, ObjectStore } from '../kube/types';
import { Condition } from './conditions';
import { RESOURCES } from './constants';
import { GKE_MCS_API, McsClusterset, startMcsClusterset } from './mcsClusterset';

const CRDS = loadProjectCrds();
let stores: Record<string, ObjectStore>;
let clusterset: McsClusterset;

beforeEach(() => {
  // Only the clock is faked; the simulator's timers run.
  jest.useFakeTimers({
    doNotFake: [
      'setTimeout',
      'clearTimeout',
      'setInterval',
      'clearInterval',
      'setImmediate',
      'clearImmediate',
      'nextTick',
      'queueMicrotask',
    ],
  });
  stores = {};
  for (const name of ['east', 'west', 'north']) {
    const store = createObjectStore();
    for (const crd of CRDS)
      store.create(RESOURCES.customResourceDefinitions, crd);
    stores[name] = store;
  }
  clusterset = startMcsClusterset({
    members: Object.entries(stores).map(([name, store]) => ({ name, store })),
  });
});

afterEach(() => {
  clusterset.stop();
  jest.useRealTimers();
});

/** The API server stamps creationTimestamp itself: set its clock to make an export older. */
function exportIn(cluster: string, createdAt: string): void {
  jest.setSystemTime(new Date(createdAt));
  stores[cluster].create(RESOURCES.mcsServiceExports, {
    apiVersion: 'multicluster.x-k8s.io/v1beta1',
    kind: 'ServiceExport',
    metadata: { name: 'cart', namespace: 'shop' },
  });
}

function serviceIn(cluster: string, port = 80): void {
  stores[cluster].create(
    RESOURCES.services,
    service('shop', 'cart', '172.20.0.10', [
      { name: 'http', port, targetPort: 8080 },
    ]),
  );
}

function conditions(cluster: string): Record<string, string> {
  const stored = stores[cluster].get(
    RESOURCES.mcsServiceExports,
    'shop',
    'cart',
  );
  const list =
    (stored?.status as { conditions?: Condition[] })?.conditions ?? [];
  return Object.fromEntries(
    list.map(c => [c.type, `${c.status}/${c.reason}: ${c.message}`]),
  );
}

function serviceImport(cluster: string): KubeObject | undefined {
  return stores[cluster].get(RESOURCES.mcsServiceImports, 'shop', 'cart');
}

describe('the MCS clusterset simulator', () => {
  it('derives the ServiceImport in every member, with the exporting clusters in status.clusters', async () => {
    serviceIn('east');
    serviceIn('west');
    exportIn('east', '2026-01-01T00:00:00Z');
    exportIn('west', '2026-01-02T00:00:00Z');
    await clusterset.idle();

    for (const cluster of ['east', 'west', 'north']) {
      expect(serviceImport(cluster)).toMatchObject({
        spec: {
          type: 'ClusterSetIP',
          ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
          ips: [expect.stringMatching(/^242\./)],
        },
        status: { clusters: [{ cluster: 'east' }, { cluster: 'west' }] },
      });
    }
    expect(conditions('west').Conflict).toBe(
      'False/NoConflicts: No conflicts with other clusters',
    );
    expect(conditions('west').Ready).toMatch(/^True\/Exported/);
  });

  it('lets the oldest export win a port conflict and says so on the others', async () => {
    serviceIn('east', 80);
    serviceIn('west', 8080);
    exportIn('west', '2026-01-01T00:00:00Z');
    exportIn('east', '2026-01-02T00:00:00Z');
    await clusterset.idle();

    expect(conditions('west').Conflict).toMatch(/^False/);
    expect(conditions('east').Conflict).toBe(
      'True/PortConflict: ports: this cluster has 80/TCP, the clusterset uses 8080/TCP from cluster west, whose ServiceExport is the oldest',
    );
    expect(serviceImport('north')?.spec).toMatchObject({
      ports: [{ port: 8080 }],
    });
  });

  it('marks an export without its Service invalid, leaves it out of the import, and removes the import with the last export', async () => {
    serviceIn('east');
    exportIn('east', '2026-01-01T00:00:00Z');
    exportIn('west', '2026-01-01T00:00:00Z');
    await clusterset.idle();

    expect(conditions('west').Valid).toBe(
      'False/NoService: Service shop/cart not found',
    );
    expect(serviceImport('west')?.status).toEqual({
      clusters: [{ cluster: 'east' }],
    });

    stores.east.delete(RESOURCES.mcsServiceExports, 'shop', 'cart');
    await clusterset.idle();
    expect(serviceImport('north')).toBeUndefined();
  });

  it("does the same under net.gke.io as GKE's controller: Initialized, Exported and Conflict, and the exporting clusters by fleet membership", async () => {
    const gke = startMcsClusterset({
      members: Object.entries(stores).map(([name, store]) => ({ name, store })),
      api: GKE_MCS_API,
    });
    try {
      serviceIn('east', 80);
      serviceIn('west', 9090);
      jest.setSystemTime(new Date('2026-01-01T00:00:00Z'));
      for (const cluster of ['east', 'west']) {
        stores[cluster].create(RESOURCES.gkeServiceExports, {
          apiVersion: 'net.gke.io/v1',
          kind: 'ServiceExport',
          metadata: { name: 'cart', namespace: 'shop' },
        });
      }
      await gke.idle();

      const gkeConditions = (cluster: string) =>
        (
          (stores[cluster].get(RESOURCES.gkeServiceExports, 'shop', 'cart')?.status as {
            conditions?: Condition[];
          })?.conditions ?? []
        ).map(c => `${c.type}=${c.status}/${c.reason}`);
      expect(gkeConditions('east')).toEqual([
        'Initialized=True/Valid',
        'Exported=True/Exported',
        'Conflict=False/NoConflicts',
      ]);
      expect(gkeConditions('west')).toContain('Conflict=True/PortConflict');
      expect(stores.north.get(RESOURCES.gkeServiceImports, 'shop', 'cart')).toMatchObject({
        apiVersion: 'net.gke.io/v1',
        spec: { type: 'ClusterSetIP', ports: [{ port: 80 }], ips: [expect.stringMatching(/^242\./)] },
        status: {
          clusters: [
            { cluster: 'projects/123456789012/locations/global/memberships/east' },
            { cluster: 'projects/123456789012/locations/global/memberships/west' },
          ],
        },
      });
      // The upstream MCS controller beside it has nothing of GKE's to act on.
      expect(serviceImport('north')).toBeUndefined();
    } finally {
      gke.stop();
    }
  });
});
