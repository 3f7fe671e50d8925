import {
  endpointSlice,
  gateway,
  gatewayClass,
  httpRoute,
  pinnedServiceImport,
  service,
  serviceExport,
} from '../fleet/objects';
import { RESOURCES } from './constants';
import { createTestWorld, eventsAbout } from './testWorld';

it('large', async () => {
  const world = createTestWorld(['config', 'workload-1', 'workload-2']);
  world.lattice.createServiceNetwork({ name: 'fleet-network' });
  world.apply(
    'config',
    gatewayClass(),
    gateway('default', 'fleet-network', true),
  );
  const t0 = Date.now();
  ['workload-1', 'workload-2'].forEach((cluster, c) => {
    for (let i = 0; i < 500; i++) {
      const ns = `ns-${i % 20}`;
      const ip = `10.${c}.${Math.floor(i / 250)}.${i % 250}`;
      world.apply(
        cluster,
        service(
          ns,
          `svc-${i}`,
          `172.${16 + c}.${Math.floor(i / 250)}.${i % 250}`,
        ),
        endpointSlice(ns, `svc-${i}`, [{ ip, ready: true }]),
        serviceExport(ns, `svc-${i}`, { federated: true }),
      );
      const routeName =
        i === 0 ? `svc-${i}-${cluster}` : `route-${i}-${cluster}`;
      if (i % 10 === 0)
        world.apply(
          'config',
          pinnedServiceImport(ns, `svc-${i}-${cluster}`, `svc-${i}`, cluster),
          httpRoute(
            ns,
            routeName,
            [
              {
                gateway: 'fleet-network',
                section: 'http',
                namespace: 'default',
              },
            ],
            [{ importName: `svc-${i}-${cluster}`, weight: 1 }],
          ),
        );
    }
  });
  const t1 = Date.now();
  await Promise.race([world.settle(), new Promise(r => setTimeout(r, 60000))]);
  console.log(JSON.stringify((globalThis as any).counts));
  console.log(
    'apply',
    t1 - t0,
    'settle',
    Date.now() - t1,
    world.lattice.listServices().length,
    world.lattice.listTargetGroups().length,
  );
  console.log(
    JSON.stringify(
      eventsAbout(world.cluster('config').store, {
        kind: 'HTTPRoute',
        name: 'svc-0-workload-1',
        namespace: 'ns-0',
      }).map(e => [e.reason, e.message, e.count]),
    ),
  );
  console.log(
    JSON.stringify(
      world
        .cluster('config')
        .store.get(RESOURCES.httpRoutes, 'ns-0', 'svc-0-workload-1')?.status,
    ),
  );
  world.stop();
}, 100000);
