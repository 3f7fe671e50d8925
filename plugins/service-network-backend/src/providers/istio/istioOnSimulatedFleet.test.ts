/*
 * The Istio provider through the plugin's REST API, against the simulated
 * fleet with an Istio mesh installed (multi-primary, one network per
 * cluster, east-west gateways, remote secrets), read with the real clients
 * and the backend's own RBAC (the remote secrets through the Role in
 * istio-system only).
 */
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { applyAll, service as serviceObject, startFleet } from '@service-network/simulated-fleet';
import type { EntityServiceNetworkStatus } from '@service-network/backstage-plugin-service-network-common';
import request from 'supertest';
import { componentEntity, eventually, Fleet, rawConfigFor } from '../../inventory/__testUtils__/fleet';
import { serviceNetworkPlugin } from '../../plugin';

const ALICE = mockCredentials.user.header('user:default/alice');
const SECRETS = { group: '', plural: 'secrets' };
const PROVIDERS = ['aws-gateway-controller', 'istio'];

describe('Istio on the simulated fleet', () => {
  let fleet: Fleet;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  const status = async (name: string): Promise<EntityServiceNetworkStatus> =>
    (await request(server).get(`/api/service-network/entities/default/component/${name}/status`).set('Authorization', ALICE)).body;
  const istioOf = (body: EntityServiceNetworkStatus, cluster: string) =>
    body.clusters.find(c => c.cluster === cluster)?.providers.find(p => p.provider === 'istio');

  beforeAll(async () => {
    fleet = await startFleet({ reconcileDelayMs: 0, istioMesh: true });
    for (const cluster of fleet.workloadClusters) {
      const octet = cluster.name.slice(-1);
      applyAll(cluster.store, [serviceObject('default', 'invoices', `172.20.${octet}.60`)]);
    }
    applyAll(fleet.cluster('workload-1').store, [serviceObject('default', 'accounts', '172.20.1.61')]);
    ({ server } = await startTestBackend({
      features: [
        serviceNetworkPlugin,
        catalogServiceMock.factory({ entities: ['invoices', 'accounts'].map(componentEntity) }),
        mockServices.rootConfig.factory({
          data: rawConfigFor(fleet, { providers: { 'workload-1': PROVIDERS, 'workload-2': PROVIDERS } }),
        }),
      ],
    }));
    await eventually('every cluster in sync', async () => {
      const current = await status('invoices');
      return current.clusters?.length === 2 && current.clusters.every(c => c.sync.state === 'synced');
    });
  });

  afterAll(async () => {
    await fleet.close();
  });

  it('shows a Service in both clusters as reached from both, through the east-west gateways, and never holds a remote secret’s kubeconfig', async () => {
    const body = await status('invoices');

    for (const cluster of ['workload-1', 'workload-2']) {
      expect(istioOf(body, cluster)).toMatchObject({
        state: 'healthy',
        exported: true,
        servedFrom: ['workload-1', 'workload-2'],
        callName: 'invoices.default.svc.cluster.local',
      });
    }
    expect(body.clusters[0].istio).toMatchObject({
      network: 'network-workload-1',
      watches: ['workload-2'],
      eastWestGateway: 'istio-system/istio-eastwestgateway',
    });
    expect(JSON.stringify(body)).not.toContain('istio-reader-service-account-token');
  });

  it('finds the Service missing in one cluster', async () => {
    const body = await status('accounts');

    expect(istioOf(body, 'workload-2')).toMatchObject({
      state: 'not-exported',
      stateReason: 'No Service here; it runs in workload-1.',
    });
    expect(body.findings.map(f => f.id)).toContain('istio-no-service-here');
  });

  it('follows a remote secret going away: the cluster no longer reaches its peer', async () => {
    fleet.cluster('workload-1').store.delete(SECRETS, 'istio-system', 'istio-remote-secret-workload-2');

    await eventually('workload-1 loses workload-2', async () => {
      const body = await status('invoices');
      return istioOf(body, 'workload-1')?.state === 'degraded';
    });
    const body = await status('invoices');
    expect(istioOf(body, 'workload-1')?.stateReason).toBe(
      'Calls from here reach workload-1 only, not workload-2 (no remote secret for it).',
    );
    expect(body.findings.map(f => f.id)).toContain('istio-no-remote-secret');
  });

  it('refuses an Istio export with a 400 naming the provider, writing nothing', async () => {
    const response = await request(server)
      .post('/api/service-network/entities/default/component/invoices/export')
      .set('Authorization', ALICE)
      .send({ provider: 'istio' });

    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/provider: Istio is read-only in Service Network \(cluster workload-1\)/);
  });
});
