/*
 * The simulated fleet, configuration pointing the backend's clients at it,
 * and catalog entities for its Services.
 */
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';
import type { JsonObject } from '@backstage/types';
import {
  Fleet,
  FleetCluster,
  seedDemoFleet,
  startFleet,
} from '@service-network/simulated-fleet';

export type { Fleet, FleetCluster };
export { serviceExport } from '@service-network/simulated-fleet';
import type { CredentialSource } from '../../clusters/credentials';
import type { ClusterConnection } from '../../clusters/KubernetesClusterClient';
import {
  ResolvedCluster,
  resolveClusters,
} from '../../clusters/resolveClusters';
import {
  readServiceNetworkConfig,
  ServiceNetworkConfig,
} from '../../config/serviceNetworkConfig';

/** The demo topology, with the controller's work done. */
export async function startDemoFleet(): Promise<Fleet> {
  const fleet = await startFleet({ workloadClusters: 2, reconcileDelayMs: 0 });
  seedDemoFleet(fleet);
  await fleet.idle();
  return fleet;
}

export interface FleetConfigOptions {
  /**
   * The clusters' tokens: by default the backend's, bound to the RBAC an
   * adopter applies (deploy/kubernetes), so tests prove it is enough; the
   * read-only or admin ones for tests about refusals or the client itself.
   */
  token?: 'backendToken' | 'readOnlyToken' | 'token';
  /** Clusters whose ServiceExports go through the upstream MCS API. */
  mcs?: string[];
  /** The providers of clusters, by name, as app-config lists them. */
  providers?: Record<string, unknown[]>;
  callBudgetPerMinute?: number;
  targetGroupQuota?: number;
  /** More of the `serviceNetwork` section, such as `refresh` or `routeRequests`. */
  settings?: JsonObject;
}

/** The app config pointing the backend at the fleet, with the backend's AWS keys (deploy/aws/iam-policy.json applies to them). */
export function rawConfigFor(
  fleet: Fleet,
  options: FleetConfigOptions = {},
): JsonObject {
  return {
    serviceNetwork: {
      clusters: fleet.clusters.map(cluster => ({
        name: cluster.name,
        role: cluster.role,
        url: cluster.url,
        serviceAccountToken: cluster[options.token ?? 'backendToken'],
        caData: cluster.caData,
        ...(options.mcs?.includes(cluster.name)
          ? { serviceExportApi: 'mcs' }
          : {}),
        ...(options.providers?.[cluster.name]
          ? { providers: options.providers[cluster.name] as JsonObject[] }
          : {}),
      })),
      lattice: {
        region: fleet.lattice.region,
        accountId: fleet.lattice.accountId,
        endpoint: fleet.lattice.url,
        ...(options.callBudgetPerMinute
          ? { callBudgetPerMinute: options.callBudgetPerMinute }
          : {}),
        ...(options.targetGroupQuota
          ? { targetGroupQuota: options.targetGroupQuota }
          : {}),
      },
      ...options.settings,
    },
    aws: {
      accounts: [
        {
          accountId: fleet.lattice.accountId,
          accessKeyId: fleet.lattice.backendAccessKeyId,
          secretAccessKey: fleet.lattice.backendSecretAccessKey,
        },
      ],
    },
  };
}

/** The backend's configuration for the fleet, as the plugin reads it. */
export function configFor(
  fleet: Fleet,
  options: FleetConfigOptions = {},
): ServiceNetworkConfig {
  const reading = readServiceNetworkConfig(
    new ConfigReader(rawConfigFor(fleet, options)),
  );
  if (!reading.config) throw new Error(reading.problems.join('\n'));
  return reading.config;
}

/** The fleet's clusters with their connections, as the plugin resolves them from its config. */
export async function clustersFor(
  fleet: Fleet,
  options: FleetConfigOptions = {},
): Promise<ResolvedCluster[]> {
  const { clusters, problems } = await resolveClusters({
    configured: configFor(fleet, options).clusters,
    credentialsManager: credentialsFor(fleet),
  });
  if (problems.length) throw new Error(problems.join('\n'));
  return clusters;
}

/** Always the same bearer token. */
export function bearerToken(token: string): CredentialSource {
  return {
    get: async () => ({ type: 'bearer token', token }),
    refused: () => undefined,
  };
}

/** How to reach one of the fleet's clusters, with its read-write token unless told otherwise. */
export function connectionFor(
  cluster: FleetCluster,
  token: string = cluster.token,
): ClusterConnection {
  return {
    name: cluster.name,
    url: cluster.url,
    caData: cluster.caData,
    credentials: bearerToken(token),
  };
}

/** The backend's keys for the fleet's account, through the same manager the backend uses. */
export function credentialsFor(fleet: Fleet): AwsCredentialsManager {
  return DefaultAwsCredentialsManager.fromConfig(
    new ConfigReader(rawConfigFor(fleet)),
  );
}

/** The catalog entity of a demo fleet Service in the default namespace. */
export function componentEntity(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

/** Polls until `probe` answers something truthy; fails with `what` after a generous wait. */
export async function eventually<T>(
  what: string,
  probe: () =>
    | T
    | undefined
    | null
    | false
    | Promise<T | undefined | null | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

/**
 * Pushes every resourceVersion seen so far out of the cluster's history (it
 * keeps the last 10,000 changes, like etcd before compaction), so watching
 * from one of them is answered 410 Gone.
 */
export function compactHistory(cluster: FleetCluster): void {
  for (let round = 0; round <= 10_000; round++) {
    cluster.store.mergePatch(
      { group: '', plural: 'namespaces' },
      undefined,
      'default',
      {
        metadata: { labels: { 'history-filler': String(round) } },
      },
    );
  }
}
