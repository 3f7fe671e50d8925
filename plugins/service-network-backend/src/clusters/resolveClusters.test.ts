import type {
  AuthenticationStrategy,
  ClusterDetails,
} from '@backstage/plugin-kubernetes-node';
import type {
  KubernetesPluginClustersState,
  ServiceNetworkCluster,
} from '@service-network/backstage-plugin-service-network-node';
import type { ClusterConfig } from '../config/serviceNetworkConfig';
import { resolveClusters } from './resolveClusters';

function named(
  name: string,
  role: ClusterConfig['role'],
  index: number,
): ClusterConfig {
  return {
    name,
    title: name,
    role,
    providers: [{ id: 'aws-gateway-controller' }],
    key: `serviceNetwork.clusters[${index}]`,
  };
}

function details(
  name: string,
  authProvider = 'serviceAccount',
): ClusterDetails {
  return {
    name,
    url: `https://${name}.example.com/`,
    caData: 'UEVN',
    authMetadata: { 'kubernetes.io/auth-provider': authProvider },
  };
}

const strategy: AuthenticationStrategy = {
  getCredential: async cluster => ({
    type: 'bearer token',
    token: `${cluster.name}-token`,
  }),
  validateCluster: () => [],
  presentAuthMetadata: () => ({}),
};

function plugin(clusters: ClusterDetails[]): KubernetesPluginClustersState {
  return {
    status: 'available',
    clusterSupplier: { getClusters: async () => clusters },
    authStrategy: strategy,
  };
}

function moduleCluster(
  overrides: Partial<ServiceNetworkCluster> = {},
): ServiceNetworkCluster {
  return {
    name: 'from-module',
    role: 'workload',
    url: 'https://from-module.example.com',
    getCredential: async () => ({ type: 'anonymous' }),
    ...overrides,
  };
}

describe('resolveClusters', () => {
  it("reaches a cluster the config only names through the Kubernetes plugin's details and strategy", async () => {
    const { clusters, problems } = await resolveClusters({
      configured: [
        named('config', 'config', 0),
        named('workload-1', 'workload', 1),
      ],
      kubernetesPlugin: plugin([
        details('config'),
        details('workload-1'),
        details('other'),
      ]),
    });
    expect(problems).toEqual([]);
    expect(
      clusters.map(c => [
        c.config.name,
        c.config.role,
        c.source,
        c.connection.url,
      ]),
    ).toEqual([
      ['config', 'config', 'Kubernetes plugin', 'https://config.example.com'],
      [
        'workload-1',
        'workload',
        'Kubernetes plugin',
        'https://workload-1.example.com',
      ],
    ]);
    expect(await clusters[1].connection.credentials.get()).toEqual({
      type: 'bearer token',
      token: 'workload-1-token',
    });
  });

  it('says what to install or fix when the Kubernetes plugin cannot give a named cluster', async () => {
    const configured = [named('workload-1', 'workload', 0)];
    const problemsWith = async (
      kubernetesPlugin: KubernetesPluginClustersState,
    ) => (await resolveClusters({ configured, kubernetesPlugin })).problems;

    expect(await problemsWith({ status: 'absent' })).toEqual([
      'serviceNetwork.clusters[0] "workload-1" has no url, and the Kubernetes plugin\'s clusters are not handed to Service Network (add @service-network/backstage-plugin-kubernetes-backend-module-service-network to the backend, beside @backstage/plugin-kubernetes-backend); or give the cluster\'s url and credentials',
    ]);
    expect(await problemsWith({ status: 'waiting' })).toEqual([
      expect.stringContaining(
        'the Kubernetes plugin did not start its clusters (is @backstage/plugin-kubernetes-backend installed, with a kubernetes section in app-config?)',
      ),
    ]);
    expect(
      await problemsWith(plugin([details('workload-2'), details('config')])),
    ).toEqual([
      'serviceNetwork.clusters[0] "workload-1" has no url and is not a cluster of the Kubernetes plugin (it has "workload-2", "config"): fix the name, or give the cluster\'s url and credentials',
    ]);
    expect(
      await problemsWith({
        status: 'available',
        clusterSupplier: {
          getClusters: async () => {
            throw new Error('GKE answered 503');
          },
        },
        authStrategy: strategy,
      }),
    ).toEqual([
      expect.stringContaining(
        "the Kubernetes plugin's clusters could not be read: GKE answered 503",
      ),
    ]);
  });

  it('refuses a cluster whose auth provider signs in with each user, since watches have no user', async () => {
    const { problems } = await resolveClusters({
      configured: [named('gke', 'workload', 0)],
      kubernetesPlugin: plugin([details('gke', 'google')]),
    });
    expect(problems).toEqual([
      expect.stringMatching(
        /^serviceNetwork\.clusters\[0\] "gke" is a Kubernetes plugin cluster with authProvider "google", which uses each signed-in user's own token; .*server-side auth provider/,
      ),
    ]);
  });

  it('gives up on a supplier that does not answer', async () => {
    const { problems } = await resolveClusters({
      configured: [named('workload-1', 'workload', 0)],
      kubernetesPlugin: {
        status: 'available',
        clusterSupplier: { getClusters: () => new Promise(() => undefined) },
        authStrategy: strategy,
      },
      supplierTimeoutMs: 50,
    });
    expect(problems).toEqual([
      expect.stringContaining(
        "The Kubernetes plugin's cluster supplier did not answer within 0.05 s",
      ),
    ]);
  });

  it("adds the modules' clusters, checked like configured ones, each name once", async () => {
    const { clusters, problems } = await resolveClusters({
      configured: [named('config', 'config', 0)],
      kubernetesPlugin: plugin([details('config')]),
      suppliers: [
        {
          getClusters: async () => [
            moduleCluster(),
            moduleCluster({ name: 'config' }),
            moduleCluster({
              name: 'bad',
              role: 'worker' as never,
              url: 'nope',
            }),
          ],
        },
        {
          getClusters: async () => {
            throw new Error('the inventory service is down');
          },
        },
      ],
    });
    expect(clusters.map(c => [c.config.name, c.source])).toEqual([
      ['config', 'Kubernetes plugin'],
      ['from-module', 'module'],
    ]);
    expect(problems).toEqual([
      'Cluster "bad" of the cluster supplier 1 of the Service Network modules: role must be "config" or "workload", got "worker"',
      'Cluster "bad" of the cluster supplier 1 of the Service Network modules: url must be an http(s) URL, got "nope"',
      'The cluster supplier 2 of the Service Network modules failed: the inventory service is down',
      'Cluster "config" comes from a Service Network module and is also configured as serviceNetwork.clusters[0]: each name once',
    ]);
  });

  it('says so when there is no cluster at all, and when modules add a second config cluster', async () => {
    expect((await resolveClusters({ configured: [] })).problems).toEqual([
      'Service Network has no clusters: list them under serviceNetwork.clusters (or install a module that supplies them)',
    ]);
    const { problems } = await resolveClusters({
      configured: [],
      suppliers: [
        {
          getClusters: async () => [
            moduleCluster({ name: 'a', role: 'config' }),
            moduleCluster({ name: 'b', role: 'config' }),
          ],
        },
      ],
    });
    expect(problems).toEqual([
      'Only one cluster can have the role "config", got "a" and "b"',
    ]);
  });
});
