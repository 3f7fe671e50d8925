import { mockServices } from '@backstage/backend-test-utils';
import { startFleet } from '@internal/service-network-fleet/src/fleet/fleet';
import { seedLargeFleet } from '@internal/service-network-fleet/src/fleet/seed';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { LatticePoller } from '../lattice/latticePoller';
import { configFor, eventually } from './__testUtils__/fleet';
import { createInventory } from './inventory';

jest.setTimeout(600_000);

it('scale', async () => {
  const clusters = Number(process.env.SCALE_CLUSTERS ?? 10);
  let t = Date.now();
  const fleet = await startFleet({ workloadClusters: clusters, reconcileDelayMs: 0 });
  seedLargeFleet(fleet, { servicesPerCluster: 2000 });
  console.log('seeded in', Date.now() - t);
  for (const c of fleet.clusters) c.controller.stop();
  for (const c of fleet.clusters) c.server.faults.latencyMs = 30;
  const config = configFor(fleet);
  const registry = await ClusterRegistry.create(config.clusters);
  const lattice = { inventory: {} as any, start() {}, stop() {}, onChange: () => () => {} } as unknown as LatticePoller;
  const inventory = createInventory({ clusters: registry.list(), lattice, logger: mockServices.logger.mock(), staleAfterMs: 60000 });
  global.gc?.();
  const before = process.memoryUsage();
  t = Date.now();
  inventory.start();
  await eventually('sync', () => inventory.snapshot().clusters.every(c => Object.values(c.sync).length === 4 && Object.values(c.sync).every(s => s.state === 'synced')), 300000);
  console.log('synced in', Date.now() - t, 'ms');
  global.gc?.();
  const after = process.memoryUsage();
  console.log('heap delta MB', (after.heapUsed - before.heapUsed) / 1e6, 'rss', after.rss / 1e6);
  const w = fleet.cluster('workload-3');
  t = Date.now();
  w.store.mergePatch({ group: 'application-networking.k8s.aws', plural: 'serviceexports' }, 'ns-1', 'svc-1', { metadata: { annotations: { x: 'y' } } });
  await eventually('change', () => inventory.snapshot().clusters.find(c => c.cluster.name === 'workload-3')!.serviceExports.get('ns-1', 'svc-1')?.metadata.annotations?.x === 'y');
  console.log('change visible in', Date.now() - t, 'ms');
  inventory.stop();
  await fleet.close();
});
