/*
 * The clusters Service Network watches and a client for each.
 */
import {
  KubernetesClusterClient,
  KubernetesClusterClientOptions,
} from './KubernetesClusterClient';
import type { ResolvedCluster } from './resolveClusters';
import type { ClusterClient, ClusterDescriptor } from './types';

export interface RegisteredCluster {
  config: ClusterDescriptor;
  client: ClusterClient;
}

export class ClusterRegistry {
  /** One KubernetesClusterClient per cluster, in the order given. */
  static async create(
    clusters: readonly ResolvedCluster[],
    options: KubernetesClusterClientOptions = {},
  ): Promise<ClusterRegistry> {
    return new ClusterRegistry(
      await Promise.all(
        clusters.map(async ({ config, connection }) => ({
          config,
          client: await KubernetesClusterClient.create(connection, options),
        })),
      ),
    );
  }

  private readonly byName: ReadonlyMap<string, RegisteredCluster>;

  constructor(private readonly entries: readonly RegisteredCluster[]) {
    this.byName = new Map(entries.map(entry => [entry.config.name, entry]));
  }

  /** In configuration order. */
  list(): readonly RegisteredCluster[] {
    return this.entries;
  }

  get(name: string): RegisteredCluster | undefined {
    return this.byName.get(name);
  }

  configCluster(): RegisteredCluster | undefined {
    return this.entries.find(entry => entry.config.role === 'config');
  }

  workloadClusters(): RegisteredCluster[] {
    return this.entries.filter(entry => entry.config.role === 'workload');
  }
}
