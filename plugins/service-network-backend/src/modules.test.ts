/*
 * Backend modules extend Service Network through the -node package's
 * extension points: one supplies the simulated fleet's clusters (no
 * serviceNetwork.clusters at all), another a route request notifier that
 * hears, with the app's link, what the built-in notifications notifier does.
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  RouteRequestApproverNotice,
  serviceNetworkClustersExtensionPoint,
  serviceNetworkNotifiersExtensionPoint,
} from '@service-network/backstage-plugin-service-network-node';
import type { EntityServiceNetworkStatus } from '@service-network/backstage-plugin-service-network-common';
import request from 'supertest';
import {
  componentEntity,
  eventually,
  Fleet,
  rawConfigFor,
  startDemoFleet,
} from './inventory/__testUtils__/fleet';
import { serviceNetworkPlugin } from './plugin';

jest.setTimeout(60_000);

const ROUTE = {
  entityRef: 'component:default/service-1',
  routeName: 'service-1-from-a-module',
  gateway: { name: 'gateway-1', namespace: 'default' },
  listener: 'http',
  kind: 'HTTP',
  match: { path: { type: 'PathPrefix', value: '/module' } },
  backends: [
    { cluster: 'workload-1', weight: 50 },
    { cluster: 'workload-2', weight: 50 },
  ],
  reason: 'Proves module notifiers hear of new requests',
};

describe('modules of the Service Network plugin', () => {
  let fleet: Fleet;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  const heard: RouteRequestApproverNotice[] = [];
  let credentialsAsked = 0;

  beforeAll(async () => {
    fleet = await startDemoFleet();
    const fleetClusters = createBackendModule({
      pluginId: 'service-network',
      moduleId: 'fleet-clusters',
      register(reg) {
        reg.registerInit({
          deps: { clusters: serviceNetworkClustersExtensionPoint },
          async init({ clusters }) {
            clusters.addClusterSupplier({
              getClusters: async () =>
                fleet.clusters.map(cluster => ({
                  name: cluster.name,
                  title: `${cluster.name} (from a module)`,
                  role: cluster.role,
                  url: cluster.url,
                  caData: cluster.caData,
                  getCredential: async () => {
                    credentialsAsked++;
                    return { type: 'bearer token', token: cluster.backendToken };
                  },
                })),
            });
          },
        });
      },
    });
    const chatNotifier = createBackendModule({
      pluginId: 'service-network',
      moduleId: 'chat',
      register(reg) {
        reg.registerInit({
          deps: { notifiers: serviceNetworkNotifiersExtensionPoint },
          async init({ notifiers }) {
            notifiers.addRouteRequestNotifier({
              notifyApprovers: async notice => void heard.push(notice),
              notifyRequester: async () => undefined,
            });
            // A notifier that fails holds up neither the others nor the request.
            notifiers.addRouteRequestNotifier({
              notifyApprovers: async () => {
                throw new Error('the chat service is down');
              },
              notifyRequester: async () => undefined,
            });
          },
        });
      },
    });
    const config = rawConfigFor(fleet, {
      settings: { refresh: { latticeIntervalSeconds: 1 } },
    });
    const { clusters: _configured, ...serviceNetwork } =
      config.serviceNetwork as Record<string, unknown>;
    ({ server } = await startTestBackend({
      features: [
        serviceNetworkPlugin,
        fleetClusters,
        chatNotifier,
        catalogServiceMock.factory({
          entities: ['service-1'].map(componentEntity),
        }),
        mockServices.rootConfig.factory({
          data: {
            ...config,
            app: {
              baseUrl: 'https://portal.example.com',
              extensions: [
                { 'page:service-network': { config: { path: '/network' } } },
              ],
            },
            serviceNetwork: {
              ...serviceNetwork,
              routeRequests: { approvers: ['group:default/platform-team'] },
            },
          },
        }),
      ],
    }));
  });

  afterAll(() => fleet.close());

  it("watches the clusters a module supplies, with the module's credentials", async () => {
    const body = await eventually(
      'service-1 healthy in both workload clusters',
      async () => {
        const response = await request(server).get(
          '/api/service-network/entities/default/component/service-1/status',
        );
        const current: EntityServiceNetworkStatus = response.body;
        return current.clusters?.length === 2 &&
          current.clusters.every(c => c.state === 'healthy')
          ? current
          : undefined;
      },
    );
    expect(body.clusters.map(c => c.cluster)).toEqual([
      'workload-1',
      'workload-2',
    ]);
    expect(credentialsAsked).toBeGreaterThan(0);
    const fleetView = await request(server).get('/api/service-network/fleet');
    expect(
      fleetView.body.clusters.map((c: { name: string }) => c.name),
    ).toEqual(['config', 'workload-1', 'workload-2']);
  });

  it("calls a module's notifier for a new route request, with the app's link to it", async () => {
    await eventually('the config cluster to be synced', async () => {
      const preview = await request(server)
        .post('/api/service-network/route-requests/preview')
        .set(
          'Authorization',
          mockCredentials.user.header('user:default/developer'),
        )
        .send(ROUTE);
      return preview.status === 200 && preview.body.problems.length === 0;
    });
    const created = await request(server)
      .post('/api/service-network/route-requests')
      .set(
        'Authorization',
        mockCredentials.user.header('user:default/developer'),
      )
      .send(ROUTE);
    expect(created.status).toBe(201);

    await eventually('the notifier to hear of it', () => heard.length > 0);
    expect(heard).toEqual([
      {
        request: expect.objectContaining({
          id: created.body.id,
          state: 'pending',
        }),
        approvers: ['group:default/platform-team'],
        link: {
          path: `/network/requests#request-${created.body.id}`,
          url: `https://portal.example.com/network/requests#request-${created.body.id}`,
        },
      },
    ]);
  });
});
