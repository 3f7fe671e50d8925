/*
 * The clusters to watch, from three sources: entries of
 * `serviceNetwork.clusters` with their own url and credentials, entries that
 * only name a cluster of the Kubernetes plugin (its details and its auth
 * strategies), and clusters backend modules supply. Every problem is
 * collected, each saying which entry or cluster it is about.
 */
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { AwsCredentialsManager } from '@backstage/integration-aws-node';
import type { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import type {
  KubernetesPluginClustersState,
  ServiceNetworkCluster,
  ServiceNetworkClusterSupplier,
} from '@service-network/backstage-plugin-service-network-node';
import type { ClusterConfig } from '../config/serviceNetworkConfig';
import { ownCredentials, reusedCredentials } from './credentials';
import type { ClusterConnection } from './KubernetesClusterClient';
import type { ClusterDescriptor } from './types';
import { readProviderSettings } from '../providers/settings';

export interface ResolvedCluster {
  config: ClusterDescriptor;
  connection: ClusterConnection;
  /** Where the connection comes from, for the start-up log. */
  source: 'serviceNetwork config' | 'Kubernetes plugin' | 'module';
}

export interface ClusterResolution {
  clusters: ResolvedCluster[];
  problems: string[];
}

export interface ResolveClustersOptions {
  configured: readonly ClusterConfig[];
  /** Suppliers added by backend modules. */
  suppliers?: readonly ServiceNetworkClusterSupplier[];
  kubernetesPlugin?: KubernetesPluginClustersState;
  /** Needed by clusters configured with `authProvider: aws`. */
  credentialsManager?: AwsCredentialsManager;
  /** What the Kubernetes plugin's cluster supplier is asked with (the catalog locator reads the catalog with them). */
  serviceCredentials?: () => Promise<BackstageCredentials>;
  /** A supplier that has not answered within this long is a problem. Default 30 s. */
  supplierTimeoutMs?: number;
  /** How long a credential from a strategy or a module is reused. */
  credentialReuseMs?: number;
}

const KUBERNETES_MODULE =
  '@service-network/backstage-plugin-kubernetes-backend-module-service-network';
const AUTH_PROVIDER_KEY = 'kubernetes.io/auth-provider';
/** The Kubernetes plugin's auth providers that sign in with each user's own token, which a background watch has not got. */
const USER_TOKEN_PROVIDERS = new Set(['google', 'oidc', 'aks']);
const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/i;

async function within<T>(
  promise: Promise<T>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(`${what} did not answer within ${timeoutMs / 1000} s`),
        ),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function descriptor(
  cluster: Pick<ClusterConfig, 'name' | 'title' | 'role' | 'providers'>,
): ClusterDescriptor {
  return {
    name: cluster.name,
    title: cluster.title,
    role: cluster.role,
    providers: cluster.providers,
  };
}

/** The Kubernetes plugin's clusters by name, or the problem that keeps them out of reach. */
async function kubernetesPluginClusters(
  options: ResolveClustersOptions,
  timeoutMs: number,
): Promise<{ byName: Map<string, ClusterDetails> } | { unavailable: string }> {
  const state = options.kubernetesPlugin ?? { status: 'absent' };
  if (state.status === 'absent') {
    return {
      unavailable: `the Kubernetes plugin's clusters are not handed to Service Network (add ${KUBERNETES_MODULE} to the backend, beside @backstage/plugin-kubernetes-backend)`,
    };
  }
  if (state.status === 'waiting') {
    return {
      unavailable:
        'the Kubernetes plugin did not start its clusters (is @backstage/plugin-kubernetes-backend installed, with a kubernetes section in app-config?)',
    };
  }
  try {
    const credentials = await options.serviceCredentials?.();
    const clusters = await within(
      state.clusterSupplier.getClusters({
        credentials: credentials as BackstageCredentials,
      }),
      timeoutMs,
      "The Kubernetes plugin's cluster supplier",
    );
    return {
      byName: new Map(clusters.map(cluster => [cluster.name, cluster])),
    };
  } catch (error) {
    return {
      unavailable: `the Kubernetes plugin's clusters could not be read: ${error.message}`,
    };
  }
}

function kubernetesPluginConnection(
  entry: ClusterConfig,
  details: ClusterDetails,
  state: Extract<KubernetesPluginClustersState, { status: 'available' }>,
  options: ResolveClustersOptions,
): ClusterConnection | string {
  const provider = details.authMetadata?.[AUTH_PROVIDER_KEY];
  if (provider && USER_TOKEN_PROVIDERS.has(provider)) {
    return `${entry.key} "${entry.name}" is a Kubernetes plugin cluster with authProvider "${provider}", which uses each signed-in user's own token; Service Network watches clusters in the background, so give the cluster a server-side auth provider in the Kubernetes plugin (serviceAccount, aws, googleServiceAccount, azure or a custom one) or its own url and credentials under ${entry.key}`;
  }
  return {
    name: details.name,
    url: details.url.replace(/\/+$/, ''),
    caData: details.caData,
    caFile: details.caFile,
    skipTLSVerify: details.skipTLSVerify,
    // No user is signing in for a watch, so no user tokens: server-side strategies only.
    credentials: reusedCredentials(
      () => state.authStrategy.getCredential(details, {}),
      {
        reuseMs: options.credentialReuseMs,
      },
    ),
  };
}

/** The problems of one module-supplied cluster, in the words of the config checks. */
function moduleClusterProblems(
  cluster: ServiceNetworkCluster,
  where: string,
): string[] {
  const problems: string[] = [];
  if (typeof cluster.name !== 'string' || !CLUSTER_NAME.test(cluster.name)) {
    problems.push(
      `${where} has the name ${JSON.stringify(
        cluster.name,
      )}, which must be letters, digits, '-', '_' or '.'`,
    );
  }
  if (cluster.role !== 'config' && cluster.role !== 'workload') {
    problems.push(
      `${where}: role must be "config" or "workload", got ${JSON.stringify(
        cluster.role,
      )}`,
    );
  }
  if (
    typeof cluster.url !== 'string' ||
    !/^https?:\/\/[^/]/.test(cluster.url)
  ) {
    problems.push(
      `${where}: url must be an http(s) URL, got ${JSON.stringify(
        cluster.url,
      )}`,
    );
  }
  if (typeof cluster.getCredential !== 'function')
    problems.push(`${where} has no getCredential function`);
  return problems;
}

async function moduleClusters(
  options: ResolveClustersOptions,
  timeoutMs: number,
  problems: string[],
): Promise<ResolvedCluster[]> {
  const resolved: ResolvedCluster[] = [];
  for (const [index, supplier] of (options.suppliers ?? []).entries()) {
    const supplierName = `cluster supplier ${
      index + 1
    } of the Service Network modules`;
    let clusters: ServiceNetworkCluster[];
    try {
      clusters = await within(
        Promise.resolve(supplier.getClusters()),
        timeoutMs,
        `The ${supplierName}`,
      );
    } catch (error) {
      problems.push(`The ${supplierName} failed: ${error.message}`);
      continue;
    }
    for (const cluster of clusters) {
      const where = `Cluster ${JSON.stringify(
        cluster.name,
      )} of the ${supplierName}`;
      const clusterProblems = moduleClusterProblems(cluster, where);
      const providers = readProviderSettings(cluster, where, clusterProblems);
      if (!providers || clusterProblems.length) {
        problems.push(...clusterProblems);
        continue;
      }
      resolved.push({
        config: descriptor({
          name: cluster.name,
          title: cluster.title ?? cluster.name,
          role: cluster.role,
          providers,
        }),
        connection: {
          name: cluster.name,
          url: cluster.url.replace(/\/+$/, ''),
          caData: cluster.caData,
          caFile: cluster.caFile,
          skipTLSVerify: cluster.skipTLSVerify,
          credentials: reusedCredentials(() => cluster.getCredential(), {
            reuseMs: options.credentialReuseMs,
          }),
        },
        source: 'module',
      });
    }
  }
  return resolved;
}

/**
 * Every cluster to watch, or the problems that keep Service Network from
 * watching them. Entries of `serviceNetwork.clusters` come first, in their
 * order, then the modules' clusters.
 */
export async function resolveClusters(
  options: ResolveClustersOptions,
): Promise<ClusterResolution> {
  const timeoutMs = options.supplierTimeoutMs ?? 30_000;
  const problems: string[] = [];
  const clusters: ResolvedCluster[] = [];
  const named = options.configured.filter(entry => !entry.connection);
  const fromPlugin = named.length
    ? await kubernetesPluginClusters(options, timeoutMs)
    : undefined;

  for (const entry of options.configured) {
    if (entry.connection) {
      try {
        clusters.push({
          config: descriptor(entry),
          connection: {
            name: entry.name,
            url: entry.connection.url,
            caData: entry.connection.caData,
            skipTLSVerify: entry.connection.skipTLSVerify,
            credentials: await ownCredentials(
              entry.connection,
              options.credentialsManager,
              entry.name,
            ),
          },
          source: 'serviceNetwork config',
        });
      } catch (error) {
        problems.push(`${entry.key} "${entry.name}": ${error.message}`);
      }
      continue;
    }
    if (!fromPlugin || 'unavailable' in fromPlugin) {
      problems.push(
        `${entry.key} "${entry.name}" has no url, and ${fromPlugin?.unavailable}; or give the cluster's url and credentials`,
      );
      continue;
    }
    const details = fromPlugin.byName.get(entry.name);
    if (!details) {
      const known = [...fromPlugin.byName.keys()];
      problems.push(
        `${entry.key} "${
          entry.name
        }" has no url and is not a cluster of the Kubernetes plugin (${
          known.length
            ? `it has ${known.map(name => `"${name}"`).join(', ')}`
            : 'it has none'
        }): fix the name, or give the cluster's url and credentials`,
      );
      continue;
    }
    const connection = kubernetesPluginConnection(
      entry,
      details,
      options.kubernetesPlugin as Extract<
        KubernetesPluginClustersState,
        { status: 'available' }
      >,
      options,
    );
    if (typeof connection === 'string') problems.push(connection);
    else
      clusters.push({
        config: descriptor(entry),
        connection,
        source: 'Kubernetes plugin',
      });
  }

  const configuredNames = new Map(
    options.configured.map(entry => [entry.name, entry.key]),
  );
  for (const cluster of await moduleClusters(options, timeoutMs, problems)) {
    const key = configuredNames.get(cluster.config.name);
    const earlier = clusters.find(
      other => other.config.name === cluster.config.name,
    );
    if (key || earlier) {
      problems.push(
        `Cluster "${
          cluster.config.name
        }" comes from a Service Network module and is also ${
          key ? `configured as ${key}` : 'supplied by another module'
        }: each name once`,
      );
      continue;
    }
    clusters.push(cluster);
  }

  const configClusters = clusters.filter(
    cluster => cluster.config.role === 'config',
  );
  if (configClusters.length > 1) {
    problems.push(
      `Only one cluster can have the role "config", got ${configClusters
        .map(cluster => `"${cluster.config.name}"`)
        .join(' and ')}`,
    );
  }
  if (!clusters.length && !problems.length) {
    problems.push(
      'Service Network has no clusters: list them under serviceNetwork.clusters (or install a module that supplies them)',
    );
  }
  return { clusters, problems };
}
