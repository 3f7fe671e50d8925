import { mockServices } from '@backstage/backend-test-utils';
import { LATTICE_ANNOTATIONS } from '@service-network/backstage-plugin-service-network-common';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import {
  createLatticeInventory,
  LatticePoller,
} from '../lattice/latticePoller';
import {
  clustersFor,
  compactHistory,
  configFor,
  credentialsFor,
  eventually,
  Fleet,
  FleetCluster,
  serviceExport,
  startDemoFleet,
} from './__testUtils__/fleet';
import { createInventory, Inventory, InventoryChange } from './inventory';
import type { ClusterInventory, KubeObject, KubeSource } from './snapshot';
import { sourcesFor } from './sources';

jest.setTimeout(90_000);

const STALE_AFTER_MS = 60_000;
const FAST_RETRY = { retry: { initialMs: 50, maxMs: 500 } };
const EXPORTS = {
  group: 'application-networking.k8s.aws',
  plural: 'serviceexports',
};
const ROUTES = { group: 'gateway.networking.k8s.io', plural: 'httproutes' };

let fleet: Fleet;
let lattice: LatticePoller;
let inventory: Inventory;
const changes: InventoryChange[] = [];

async function startInventory(requestTimeoutMs?: number): Promise<Inventory> {
  const registry = await ClusterRegistry.create(await clustersFor(fleet), {
    requestTimeoutMs,
  });
  const started = createInventory({
    clusters: registry.list(),
    lattice,
    logger: mockServices.logger.mock(),
    staleAfterMs: STALE_AFTER_MS,
    pollLattice: false,
    timing: FAST_RETRY,
  });
  started.start();
  return started;
}

function clusterIn(target: Inventory, name: string): ClusterInventory {
  const found = target.snapshot().clusters.find(c => c.cluster.name === name);
  if (!found) throw new Error(`no cluster ${name} in the inventory`);
  return found;
}

function cluster(name: string): ClusterInventory {
  return clusterIn(inventory, name);
}

/** Annotates an export in a cluster, and waits until `target` shows it. */
async function annotateExport(
  target: Inventory,
  clusterName: string,
  exportName: string,
  annotations: Record<string, string>,
): Promise<void> {
  fleet.cluster(clusterName).store.mergePatch(EXPORTS, 'default', exportName, {
    metadata: { annotations },
  });
  await eventually(`the annotations of ${clusterName}/${exportName}`, () => {
    const held = clusterIn(target, clusterName).serviceExports.get(
      'default',
      exportName,
    );
    return Object.entries(annotations).every(
      ([key, value]) => held?.metadata.annotations?.[key] === value,
    );
  });
}

function allSynced(target: Inventory, names?: string[]): boolean {
  return target
    .snapshot()
    .clusters.filter(c => !names || names.includes(c.cluster.name))
    .every(c => {
      const states = Object.values(c.sync);
      return (
        states.length === sourcesFor(c.cluster).length &&
        states.every(state => state.state === 'synced')
      );
    });
}

const names = (items: Iterable<KubeObject>) =>
  [...items]
    .map(item => `${item.metadata.namespace}/${item.metadata.name}`)
    .sort();
const stored = (
  source: FleetCluster,
  resource: { group: string; plural: string },
) => names(source.store.list(resource));

beforeAll(async () => {
  fleet = await startDemoFleet();
  lattice = await createLatticeInventory({
    config: configFor(fleet).lattice,
    credentialsManager: credentialsFor(fleet),
    intervalMs: 30_000,
    staleAfterMs: STALE_AFTER_MS,
    logger: mockServices.logger.mock(),
  });
  inventory = await startInventory();
  inventory.onChange(change => changes.push(change));
  await lattice.refresh();
  await eventually('every source to sync', () => allSynced(inventory));
});

afterAll(async () => {
  inventory.stop();
  await fleet.close();
});

afterEach(() => {
  for (const c of fleet.clusters) c.server.faults.reset();
});

describe('the inventory', () => {
  it('holds what the clusters hold, indexed for status', () => {
    for (const workload of fleet.workloadClusters) {
      const held = cluster(workload.name);
      expect(Object.keys(held.sync).sort()).toEqual([
        'events',
        'mcsserviceexports',
        'serviceexports',
        'services',
      ]);
      expect(names(held.services.list())).toEqual(
        stored(workload, { group: '', plural: 'services' }),
      );
      expect(names(held.serviceExports.list())).toEqual(
        stored(workload, EXPORTS),
      );
    }
    const config = cluster('config');
    expect(Object.keys(config.sync).sort()).toEqual([
      'gateways',
      'grpcroutes',
      'httproutes',
      'serviceimports',
      'tlsroutes',
    ]);
    expect(names(config.serviceImports.list())).toEqual(
      stored(fleet.configCluster, {
        group: 'application-networking.k8s.aws',
        plural: 'serviceimports',
      }),
    );
    expect(names(config.routes.HTTPRoute.list())).toEqual(
      stored(fleet.configCluster, ROUTES),
    );
    expect(names(config.routes.TLSRoute.list())).toEqual([
      'default/tlsroute-1',
    ]);
    expect(
      [...config.routes.TLSRoute.byBackend('default', 'service-6')].map(
        route => route.spec?.hostnames,
      ),
    ).toEqual([['service-6.example.internal']]);
    expect(
      names(
        config.routes.HTTPRoute.byBackend('default', 'service-1-workload-2'),
      ),
    ).toEqual(['default/httproute-1']);
    expect(
      names(config.routes.HTTPRoute.byBackend('default', 'service-3')),
    ).toEqual(['default/httproute-2']);

    // What the controller wrote back is kept: finalizers, route annotations, gateway conditions.
    expect(
      cluster('workload-1').serviceExports.get('default', 'service-1')?.metadata
        .finalizers,
    ).toContain('serviceexport.k8s.aws/resources');
    expect(
      config.routes.HTTPRoute.get('default', 'httproute-1')?.metadata
        .annotations,
    ).toHaveProperty([LATTICE_ANNOTATIONS.latticeAssignedDomainName]);
    expect(
      config.gateways
        .get('default', 'gateway-1')
        ?.status?.conditions?.map(c => c.type),
    ).toContain('Programmed');
    // Nothing the status does not read.
    const service = cluster('workload-1').services.get(
      'default',
      'service-1',
    ) as unknown as Record<string, any>;
    expect(service.metadata.managedFields).toBeUndefined();
    expect(service.spec.selector).toBeUndefined();
  });

  it('keeps one watch open per cluster and source', () => {
    for (const c of fleet.clusters)
      expect(c.server.faults.snapshot().openWatches).toBe(
        sourcesFor(clusterIn(inventory, c.name).cluster).length,
      );
  });

  it('answers page views from memory, without a single request', () => {
    for (const c of fleet.clusters) c.server.requests.reset();
    fleet.lattice.server.requests.reset();
    for (let view = 0; view < 200; view++) {
      const snapshot = inventory.snapshot();
      for (const held of snapshot.clusters) {
        const workload = held.cluster.role === 'workload';
        expect(held.services.get('default', 'service-1') !== undefined).toBe(
          workload,
        );
        expect(
          names(held.serviceExports.forService('default', 'service-1')),
        ).toHaveLength(workload ? 1 : 0);
        expect(
          names(
            held.routes.HTTPRoute.byBackend('default', 'service-1-workload-1'),
          ),
        ).toHaveLength(workload ? 0 : 1);
        expect(held.eventsFor('ServiceExport', 'default', 'service-1')).toEqual(
          [],
        );
        expect(
          Object.values(held.sync).every(state => state.state === 'synced'),
        ).toBe(true);
      }
      expect(
        snapshot.lattice.targetGroupsForExport({
          namespace: 'default',
          name: 'service-1',
        }),
      ).toHaveLength(2);
      snapshot.lattice.serviceByName('httproute-1-default');
    }
    for (const c of fleet.clusters) expect(c.server.requests.total).toBe(0);
    expect(fleet.lattice.server.requests.total).toBe(0);
  });

  it('shows a change made in a cluster, through the watch', async () => {
    await annotateExport(inventory, 'workload-1', 'service-2', {
      team: 'checkout',
    });

    fleet.configCluster.store.delete(ROUTES, 'default', 'httproute-3');
    await eventually(
      'the route to go',
      () => !cluster('config').routes.HTTPRoute.get('default', 'httproute-3'),
    );
    expect(
      names(
        cluster('config').routes.HTTPRoute.byBackend('default', 'service-4'),
      ),
    ).toEqual([]);
    expect(changes).toContainEqual({
      source: 'kubernetes',
      cluster: 'config',
      kind: 'httproutes',
    });
  });

  it('holds the controller failure events of exports', async () => {
    const workload = fleet.cluster('workload-1');
    workload.store.create(
      EXPORTS,
      serviceExport('default', 'no-such-service', { federated: true }),
    );
    const events = await eventually('a failure event', () => {
      const found = cluster('workload-1').eventsFor(
        'ServiceExport',
        'default',
        'no-such-service',
      );
      return found.length > 0 && found;
    });
    expect(events[0].reason).toBe('FailedBuildModel');
    expect(events[0].type).toBe('Warning');
  });

  it('picks up again after the server drops its watches', async () => {
    const workload = fleet.cluster('workload-2');
    expect(workload.server.faults.dropWatches()).toBe(4);
    await annotateExport(inventory, 'workload-2', 'service-1', {
      after: 'drop',
    });
    await eventually(
      'the watches to be back',
      () => workload.server.faults.snapshot().openWatches === 4,
    );
  });

  it('relists when the cluster no longer holds the version it watched from', async () => {
    const workload = fleet.cluster('workload-2');
    const lists = () =>
      workload.server.requests.count(
        'list',
        'serviceexports.application-networking.k8s.aws',
      );
    const listsBefore = lists();
    workload.server.faults.unreachable = true;
    workload.store.delete(EXPORTS, 'default', 'service-4');
    compactHistory(workload);
    workload.server.faults.unreachable = false;
    await eventually(
      'the deleted export to go',
      () => !cluster('workload-2').serviceExports.get('default', 'service-4'),
    );
    expect(lists()).toBeGreaterThan(listsBefore);
    await eventually('workload-2 to sync', () =>
      allSynced(inventory, ['workload-2']),
    );
  });

  it('flags an unreachable cluster with the reason, keeps its data and the others synced, and recovers', async () => {
    const workload = fleet.cluster('workload-1');
    const before = cluster('workload-1').sync.services!.lastSuccess;
    workload.server.faults.unreachable = true;
    const state = await eventually('workload-1 to be unreachable', () => {
      const services = cluster('workload-1').sync.services;
      return services?.state === 'unreachable' && services;
    });
    expect(state.reason).toMatch(/^connection /);
    expect(state.lastSuccess! >= before!).toBe(true);
    expect(names(cluster('workload-1').services.list())).toEqual(
      stored(workload, { group: '', plural: 'services' }),
    );
    expect(allSynced(inventory, ['config', 'workload-2'])).toBe(true);

    workload.server.faults.unreachable = false;
    await eventually('workload-1 to recover', () =>
      allSynced(inventory, ['workload-1']),
    );
  });

  it('answers for the other clusters while one is too slow to answer', async () => {
    const slow = fleet.cluster('workload-2');
    slow.server.faults.latencyMs = 5_000;
    const second = await startInventory(500);
    try {
      await eventually('the other clusters to sync', () =>
        allSynced(second, ['config', 'workload-1']),
      );
      const slowStates = () =>
        Object.values(clusterIn(second, 'workload-2').sync);
      expect(slowStates().every(state => state.state !== 'synced')).toBe(true);
      await eventually('the slow cluster to be flagged', () =>
        slowStates().some(state => state.reason === 'no answer within 500 ms'),
      );
      await annotateExport(second, 'workload-1', 'service-3', {
        during: 'slowness',
      });
    } finally {
      second.stop();
    }
  });
});

describe('sources a cluster does not serve', () => {
  it('are left out, not reported as errors', async () => {
    const workload = fleet.cluster('workload-1');
    const crds = {
      group: 'apiextensions.k8s.io',
      plural: 'customresourcedefinitions',
    };
    workload.store.delete(
      crds,
      undefined,
      'serviceexports.multicluster.x-k8s.io',
    );
    const second = await startInventory();
    try {
      const sync = await eventually(
        'workload-1 to sync without MCS exports',
        () => {
          const held = clusterIn(second, 'workload-1').sync;
          const sources = Object.keys(held) as KubeSource[];
          return (
            sources.length === 3 &&
            sources.every(source => held[source]!.state === 'synced') &&
            held
          );
        },
      );
      expect(Object.keys(sync).sort()).toEqual([
        'events',
        'serviceexports',
        'services',
      ]);
    } finally {
      second.stop();
    }
  });
});

describe('the first Lattice refresh', () => {
  async function inventoryWithLattice(latticeStartDelayMs: number) {
    const registry = await ClusterRegistry.create(await clustersFor(fleet));
    const latticeStarts: Array<Record<string, string | undefined>> = [];
    let started: Inventory | undefined = undefined;
    const watched = createInventory({
      clusters: registry.list(),
      lattice: {
        inventory: lattice.inventory,
        onChange: () => () => undefined,
        want: () => undefined,
        stop: () => undefined,
        // What every cluster's services looked like when Lattice was started.
        start: () =>
          latticeStarts.push(
            Object.fromEntries(
              started!
                .snapshot()
                .clusters.map(c => [c.cluster.name, c.sync.services?.state]),
            ),
          ),
      },
      logger: mockServices.logger.mock(),
      staleAfterMs: STALE_AFTER_MS,
      latticeStartDelayMs,
      timing: FAST_RETRY,
    });
    started = watched;
    watched.start();
    return { watched, latticeStarts };
  }

  it('waits for every cluster to list first, and starts once', async () => {
    fleet.cluster('workload-2').server.faults.latencyMs = 300;
    const { watched, latticeStarts } = await inventoryWithLattice(60_000);
    try {
      expect(latticeStarts).toEqual([]);
      await eventually('Lattice to start', () => latticeStarts.length > 0);
      expect(Object.values(latticeStarts[0])).not.toContain('pending');
      await new Promise(resolve => setTimeout(resolve, 200));
      expect(latticeStarts).toHaveLength(1);
    } finally {
      watched.stop();
    }
  });

  it('starts anyway when a cluster takes too long', async () => {
    fleet.cluster('workload-2').server.faults.latencyMs = 5_000;
    const { watched, latticeStarts } = await inventoryWithLattice(200);
    try {
      await eventually('Lattice to start', () => latticeStarts.length > 0);
      expect(latticeStarts[0]['workload-2']).toBe('pending');
    } finally {
      watched.stop();
    }
  });
});
