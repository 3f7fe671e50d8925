/*
 * The configured clusters and a client for each.
 */
import type { ClusterConfig } from '../config/serviceNetworkConfig';
import {
  KubernetesClusterClient,
  KubernetesClusterClientOptions,
} from './KubernetesClusterClient';
import type { ClusterClient } from './types';

export interface RegisteredCluster {
  config: ClusterConfig;
  client: ClusterClient;
}

export class ClusterRegistry {
  /** One KubernetesClusterClient per configured cluster. */
  static async create(
    clusters: readonly ClusterConfig[],
    options: KubernetesClusterClientOptions = {},
  ): Promise<ClusterRegistry> {
    return new ClusterRegistry(
      await Promise.all(
        clusters.map(async config => ({
          config,
          client: await KubernetesClusterClient.create(config, options),
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
