/*
 * The plugin wired into a test backend, reading the simulated demo fleet
 * through the real clients. The deadlines are the ones the status page
 * promises its users (a change within 2 s, a dead cluster flagged within
 * 10 s); the measured figures are printed.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { EntityServiceNetworkStatus } from '@service-network/backstage-plugin-service-network-common';
import request from 'supertest';
import { serviceNetworkPlugin } from './plugin';
import {
  componentEntity,
  eventually,
  Fleet,
  rawConfigFor,
  serviceExport,
  startDemoFleet,
} from './inventory/__testUtils__/fleet';

describe('serviceNetworkPlugin on the simulated fleet', () => {
  let fleet: Fleet;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeAll(async () => {
    fleet = await startDemoFleet();
    ({ server } = await startTestBackend({
      features: [
        serviceNetworkPlugin,
        catalogServiceMock.factory({ entities: ['service-1', 'service-4', 'service-5'].map(componentEntity) }),
        mockServices.rootConfig.factory({
          data: rawConfigFor(fleet, { settings: { refresh: { latticeIntervalSeconds: 1 } } }),
        }),
      ],
    }));
  });

  afterAll(async () => {
    await fleet.close();
  });

  const status = async (name: string): Promise<EntityServiceNetworkStatus> => {
    const response = await request(server).get(`/api/service-network/entities/default/component/${name}/status`);
    expect(response.status).toBe(200);
    return response.body;
  };
  const clusterState = (body: EntityServiceNetworkStatus, cluster: string) =>
    body.clusters.find(c => c.cluster === cluster);

  it('shows the seeded service once the inventory has synced', async () => {
    const body = await eventually('service-1 healthy, with its DNS name confirmed by Lattice', async () => {
      const current = await status('service-1');
      return current.overall === 'healthy' && current.routes[0]?.dns.state === 'match' ? current : undefined;
    });
    expect(body.clusters.map(c => [c.cluster, c.state])).toEqual([
      ['workload-1', 'healthy'],
      ['workload-2', 'healthy'],
    ]);
    expect(body.routes.map(r => r.name)).toEqual(['httproute-1']);
    expect(body.routes[0].dns.assigned).toMatch(/^httproute-1-default-.+\.vpc-lattice-svcs\.us-west-2\.on\.aws$/);
  });

  it('answers a page view from memory: no Kubernetes or Lattice request', async () => {
    await status('service-1');
    for (const cluster of fleet.clusters) cluster.server.requests.reset();
    fleet.lattice.server.requests.reset();

    for (let view = 0; view < 20; view++) await status(`service-${[1, 4, 5][view % 3]}`);

    // Not one request of any kind (the watches opened before stay open and are not counted again).
    expect(fleet.clusters.map(c => c.server.requests.total)).toEqual(fleet.clusters.map(() => 0));
  });

  it('shows a change in a cluster within 2 seconds', async () => {
    await eventually('service-4 ignored in workload-1', async () =>
      clusterState(await status('service-4'), 'workload-1')?.state === 'ignored',
    );
    const workload1 = fleet.cluster('workload-1');
    const started = Date.now();
    workload1.store.apply(
      { group: 'application-networking.k8s.aws', plural: 'serviceexports' },
      serviceExport('default', 'service-4', { federated: true }),
      { fieldManager: 'plugin-test', force: true },
    );
    const federated = await eventually(
      'the federation annotation to show',
      async () => clusterState(await status('service-4'), 'workload-1')?.export?.federated,
      2_000,
    );
    expect(federated).toBe(true);
    // eslint-disable-next-line no-console
    console.log(`A change in workload-1 showed in the entity status after ${Date.now() - started} ms`);
  });

  it('flags an unreachable cluster within 10 seconds and still shows the others', async () => {
    const workload2 = fleet.cluster('workload-2');
    const started = Date.now();
    workload2.server.faults.unreachable = true;
    try {
      const body = await eventually(
        'workload-2 to be flagged unreachable',
        async () => {
          const current = await status('service-1');
          return clusterState(current, 'workload-2')?.sync.state === 'unreachable' ? current : undefined;
        },
        10_000,
      );
      // eslint-disable-next-line no-console
      console.log(`workload-2 was flagged unreachable after ${Date.now() - started} ms`);
      expect(clusterState(body, 'workload-2')?.sync.reason).toBeTruthy();
      expect(clusterState(body, 'workload-1')).toMatchObject({ state: 'healthy', stale: false });
      expect(body.findings.map(f => f.cluster)).toContain('workload-2');
    } finally {
      workload2.server.faults.unreachable = false;
    }
  });

  it('serves the fleet overview', async () => {
    const response = await request(server).get('/api/service-network/fleet');
    expect(response.status).toBe(200);
    expect(response.body.clusters.map((c: { name: string }) => c.name)).toEqual(['config', 'workload-1', 'workload-2']);
  });

  it('answers 404 for an entity the catalog does not have, and 401 without a user', async () => {
    const missing = await request(server).get('/api/service-network/entities/default/component/nope/status');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('component:default/nope');

    const anonymous = await request(server)
      .get('/api/service-network/entities/default/component/service-1/status')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
  });

  it('serves /health without credentials', async () => {
    const response = await request(server)
      .get('/api/service-network/health')
      .set('Authorization', mockCredentials.none.header());
    expect(response.body).toEqual({ status: 'ok' });
  });
});
