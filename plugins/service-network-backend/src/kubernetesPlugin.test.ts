/*
 * Clusters configured once: the real Kubernetes backend plugin knows the
 * fleet (its config locator, a custom supplier, its serviceAccount strategy
 * and a custom strategy whose tokens expire); serviceNetwork.clusters only
 * names them with their roles. Service Network watches the simulated fleet
 * through them, and the Kubernetes plugin works as before.
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ServiceAccountStrategy } from '@backstage/plugin-kubernetes-backend';
import {
  ClusterDetails,
  kubernetesAuthStrategyExtensionPoint,
  kubernetesClusterSupplierExtensionPoint,
} from '@backstage/plugin-kubernetes-node';
import kubernetesModuleServiceNetwork from '@service-network/backstage-plugin-kubernetes-backend-module-service-network';
import type { EntityServiceNetworkStatus } from '@service-network/backstage-plugin-service-network-common';
import type { JsonObject } from '@backstage/types';
import request from 'supertest';
import {
  componentEntity,
  eventually,
  Fleet,
  FleetCluster,
  rawConfigFor,
  startDemoFleet,
} from './inventory/__testUtils__/fleet';
import { serviceNetworkPlugin } from './plugin';

jest.setTimeout(60_000);

/** An entity the Kubernetes plugin finds by its Services' `app` label (the fleet's objects have no backstage.io labels). */
function labelledEntity(name: string) {
  const entity = componentEntity(name);
  entity.metadata.annotations = {
    'backstage.io/kubernetes-label-selector': `app=${name}`,
  };
  return entity;
}

/** A cluster as the Kubernetes plugin's config locator takes it. */
function kubernetesPluginCluster(cluster: FleetCluster) {
  return {
    name: cluster.name,
    url: cluster.url,
    authProvider: 'serviceAccount',
    serviceAccountToken: cluster.token,
    caData: cluster.caData,
    skipMetricsLookup: true,
  };
}

describe('Service Network on the Kubernetes plugin\u2019s clusters', () => {
  let fleet: Fleet;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  /** Tokens the custom strategy handed out, in order. */
  const issued: string[] = [];

  beforeAll(async () => {
    fleet = await startDemoFleet();
    const workload2 = fleet.cluster('workload-2');

    // An adopter's supplier: the configured clusters plus one it finds itself, with its own strategy.
    const customSupplier = createBackendModule({
      pluginId: 'kubernetes',
      moduleId: 'inventory-clusters',
      register(reg) {
        reg.registerInit({
          deps: { suppliers: kubernetesClusterSupplierExtensionPoint },
          async init({ suppliers }) {
            suppliers.addClusterSupplier(async ({ getDefault }) => {
              const configured = await getDefault();
              const found: ClusterDetails = {
                name: workload2.name,
                url: workload2.url,
                caData: workload2.caData,
                authMetadata: { 'kubernetes.io/auth-provider': 'fleetToken' },
                skipMetricsLookup: true,
              };
              return {
                getClusters: async options => [
                  ...(await configured.getClusters(options)),
                  found,
                ],
              };
            });
          },
        });
      },
    });
    // Its tokens expire: the first one is already stale when first used.
    const expiringTokens = createBackendModule({
      pluginId: 'kubernetes',
      moduleId: 'fleet-token',
      register(reg) {
        reg.registerInit({
          deps: { strategies: kubernetesAuthStrategyExtensionPoint },
          async init({ strategies }) {
            // The Kubernetes plugin (0.21.11) drops its built-in strategies once a module adds one: re-add those in use.
            strategies.addAuthStrategy(
              'serviceAccount',
              new ServiceAccountStrategy(),
            );
            strategies.addAuthStrategy('fleetToken', {
              async getCredential() {
                const token = issued.length ? workload2.token : 'expired-token';
                issued.push(token);
                return { type: 'bearer token', token };
              },
              validateCluster: () => [],
              presentAuthMetadata: () => ({}),
            });
          },
        });
      },
    });

    const fleetConfig = rawConfigFor(fleet, {
      settings: { refresh: { latticeIntervalSeconds: 1 } },
    });
    ({ server } = await startTestBackend({
      features: [
        import('@backstage/plugin-kubernetes-backend'),
        kubernetesModuleServiceNetwork,
        customSupplier,
        expiringTokens,
        serviceNetworkPlugin,
        catalogServiceMock.factory({
          entities: [labelledEntity('service-1'), componentEntity('service-3')],
        }),
        mockServices.rootConfig.factory({
          data: {
            ...fleetConfig,
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              objectTypes: ['services'],
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    fleet.cluster('config'),
                    fleet.cluster('workload-1'),
                  ].map(kubernetesPluginCluster),
                },
              ],
            },
            serviceNetwork: {
              ...(fleetConfig.serviceNetwork as object),
              // Names and roles only: how to reach each comes from the Kubernetes plugin.
              clusters: [
                { name: 'config', role: 'config' },
                { name: 'workload-1', role: 'workload' },
                {
                  name: 'workload-2',
                  role: 'workload',
                  title: 'Found by the custom supplier',
                },
              ],
            },
          },
        }),
      ],
    }));
  });

  afterAll(() => fleet.close());

  const status = async (name: string): Promise<EntityServiceNetworkStatus> => {
    const response = await request(server).get(
      `/api/service-network/entities/default/component/${name}/status`,
    );
    expect(response.status).toBe(200);
    return response.body;
  };

  it("watches every cluster through the Kubernetes plugin's supplier and strategies", async () => {
    const body = await eventually(
      'service-1 healthy in both workload clusters',
      async () => {
        const current = await status('service-1');
        return current.clusters.length === 2 &&
          current.clusters.every(c => c.state === 'healthy')
          ? current
          : undefined;
      },
    );
    expect(body.clusters.map(c => [c.cluster, c.state])).toEqual([
      ['workload-1', 'healthy'],
      ['workload-2', 'healthy'],
    ]);
    expect(body.routes.map(r => r.name)).toEqual(['httproute-1']);

    const fleetView = await request(server).get('/api/service-network/fleet');
    expect(
      fleetView.body.clusters.map((c: { name: string; role: string }) => [
        c.name,
        c.role,
      ]),
    ).toEqual([
      ['config', 'config'],
      ['workload-1', 'workload'],
      ['workload-2', 'workload'],
    ]);
  });

  it('asks the custom strategy for a new token once the cluster refuses an expired one', async () => {
    await eventually(
      'workload-2 synced',
      async () =>
        (
          await status('service-3')
        ).clusters.find(c => c.cluster === 'workload-2')?.sync.state ===
        'synced',
    );
    expect(issued[0]).toBe('expired-token');
    expect(issued.slice(1)).toContain(fleet.cluster('workload-2').token);
  });

  it('leaves the Kubernetes plugin working as before, with the same clusters and objects', async () => {
    const clusters = await request(server).get('/api/kubernetes/clusters');
    expect(clusters.status).toBe(200);
    expect(clusters.body.items.map((c: { name: string }) => c.name)).toEqual([
      'config',
      'workload-1',
      'workload-2',
    ]);

    const objects = await request(server)
      .post('/api/kubernetes/services/service-1')
      .send({ entity: labelledEntity('service-1') });
    expect(objects.status).toBe(200);
    const services = (
      objects.body.items as Array<{
        cluster: { name: string };
        errors: unknown[];
        resources: Array<{
          type: string;
          resources: Array<{ metadata: { name: string } }>;
        }>;
      }>
    ).map(item => [
      item.cluster.name,
      item.errors,
      item.resources.flatMap(r =>
        r.resources.map(o => `${r.type}/${o.metadata.name}`),
      ),
    ]);
    // The config cluster has no such Service, so the plugin leaves it out.
    expect(services).toEqual([
      ['workload-1', [], ['services/service-1']],
      ['workload-2', [], ['services/service-1']],
    ]);
  });

  it('serves /health as configured', async () => {
    const response = await request(server).get('/api/service-network/health');
    expect(response.body).toEqual({ status: 'ok' });
  });
});

describe('Service Network naming clusters the Kubernetes plugin does not have', () => {
  const lattice = { region: 'us-west-2' };

  async function fleetStatus(config: JsonObject) {
    const { server } = await startTestBackend({
      features: [
        import('@backstage/plugin-kubernetes-backend'),
        kubernetesModuleServiceNetwork,
        serviceNetworkPlugin,
        catalogServiceMock.factory(),
        mockServices.rootConfig.factory({ data: config }),
      ],
    });
    return request(server).get('/api/service-network/fleet');
  }

  it('answers 503 naming the cluster and the ones the Kubernetes plugin has', async () => {
    const response = await fleetStatus({
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'prod-1',
                url: 'https://prod-1.example.com',
                authProvider: 'serviceAccount',
                serviceAccountToken: 't',
              },
            ],
          },
        ],
      },
      serviceNetwork: {
        clusters: [{ name: 'workload-9', role: 'workload' }],
        lattice,
      },
    });
    expect(response.status).toBe(503);
    expect(response.body.error.problems).toEqual([
      'serviceNetwork.clusters[0] "workload-9" has no url and is not a cluster of the Kubernetes plugin (it has "prod-1"): fix the name, or give the cluster\'s url and credentials',
    ]);
  });

  it('says when the Kubernetes plugin did not start its clusters', async () => {
    const response = await fleetStatus({
      serviceNetwork: {
        clusters: [{ name: 'prod-1', role: 'workload' }],
        lattice,
      },
    });
    expect(response.status).toBe(503);
    expect(response.body.error.problems).toEqual([
      expect.stringContaining(
        'the Kubernetes plugin did not start its clusters (is @backstage/plugin-kubernetes-backend installed, with a kubernetes section in app-config?)',
      ),
    ]);
  });
});
