/*
 * The checks every export and unexport makes before writing anywhere, from
 * the inventory: which clusters the request means, whether each can be
 * trusted and written to now, and which ServiceExport API it serves. A
 * problem is either bad input (the request names something that does not
 * exist) or a conflict (the clusters are not ready for it).
 */
import { ConflictError, InputError } from '@backstage/errors';
import type { ServiceRef } from '@service-network/backstage-plugin-service-network-common';
import type {
  ClusterInventory,
  InventorySnapshot,
  KubeSource,
} from '../inventory/snapshot';
import type { ExportFlavour, McsVersion } from './serviceExportManifest';

export interface PreflightProblem {
  kind: 'input' | 'conflict';
  message: string;
}

export interface ClusterSelection {
  clusters: ClusterInventory[];
  problems: PreflightProblem[];
  warnings: string[];
}

/** What a cluster answered when asked which upstream MCS version it serves. */
export type McsVersionLookup =
  | { version: McsVersion }
  | { notServed: true }
  | { error: string };

export type FlavourResolution =
  | { flavour: ExportFlavour }
  | { notServed: string }
  | { problem: PreflightProblem };

const EXPORT_SOURCE: Record<'aws' | 'mcs', KubeSource> = {
  aws: 'serviceexports',
  mcs: 'mcsserviceexports',
};

export function describeService(service: ServiceRef): string {
  return `Service ${service.namespace}/${service.name}`;
}

export const conflict = (message: string): PreflightProblem => ({ kind: 'conflict', message });
export const input = (message: string): PreflightProblem => ({ kind: 'input', message });

interface Unready {
  /** Names the cluster and says what is wrong, e.g. "workload-2 is unreachable (connection refused)". */
  reason: string;
  /** Never read yet: it usually is within seconds. */
  pending: boolean;
}

/**
 * Why the cluster's last known Services and ServiceExports cannot be relied
 * on for a write, or undefined when they can. A source the cluster does not
 * serve has no state and is judged elsewhere.
 */
function unready(cluster: ClusterInventory): Unready | undefined {
  const { name, exportApi } = cluster.cluster;
  for (const source of ['services', EXPORT_SOURCE[exportApi]] as const) {
    const sync = cluster.sync[source];
    if (!sync || sync.state === 'synced') continue;
    if (sync.state === 'pending') return { reason: `${name} has not been read yet`, pending: true };
    const why = sync.reason ? ` (${sync.reason})` : '';
    return {
      reason:
        sync.state === 'unreachable'
          ? `${name} is unreachable${why}`
          : `${name} has not answered since ${sync.lastSuccess ?? 'start-up'}${why}`,
      pending: false,
    };
  }
  return undefined;
}

function workloadNames(snapshot: InventorySnapshot): string {
  const names = snapshot.clusters
    .filter(c => c.cluster.role === 'workload')
    .map(c => c.cluster.name);
  return names.length ? names.join(', ') : 'none configured';
}

/** The clusters named in the request, each checked to be a workload cluster that can be written to now. */
function namedClusters(
  snapshot: InventorySnapshot,
  requested: readonly string[],
): ClusterSelection {
  const selection: ClusterSelection = { clusters: [], problems: [], warnings: [] };
  const seen = new Set<string>();
  for (const name of requested) {
    if (seen.has(name)) {
      selection.problems.push(input(`cluster "${name}" is named twice`));
      continue;
    }
    seen.add(name);
    const cluster = snapshot.clusters.find(c => c.cluster.name === name);
    if (!cluster) {
      selection.problems.push(
        input(`unknown cluster "${name}"; the workload clusters are ${workloadNames(snapshot)}`),
      );
    } else if (cluster.cluster.role !== 'workload') {
      selection.problems.push(
        input(`"${name}" is the config cluster; Services are exported from workload clusters (${workloadNames(snapshot)})`),
      );
    } else {
      selection.clusters.push(cluster);
    }
  }
  return selection;
}

/**
 * The clusters a request means: those it names, or by default the workload
 * clusters `byDefault` picks from the inventory. Every chosen cluster must
 * be up to date in the inventory: what is known about an unreachable one
 * may be wrong, and writing to it would fail anyway; such a cluster is a
 * problem and not among the selected `clusters`. Workload clusters left
 * out by default while their data is not current are reported as warnings.
 */
export function selectClusters(
  snapshot: InventorySnapshot,
  requested: readonly string[] | undefined,
  byDefault: (cluster: ClusterInventory) => boolean,
): ClusterSelection {
  let chosen: ClusterSelection;
  if (requested) {
    chosen = namedClusters(snapshot, requested);
  } else {
    const workload = snapshot.clusters.filter(c => c.cluster.role === 'workload');
    const clusters = workload.filter(byDefault);
    const warnings = workload
      .filter(c => !clusters.includes(c))
      .flatMap(c => {
        const why = unready(c);
        return why
          ? [`${c.cluster.name} was left out because its data is not current: ${why.reason}; name it in "clusters" once it answers`]
          : [];
      });
    chosen = { clusters, problems: [], warnings };
  }
  // Unready clusters become problems only, so nothing else is checked or asked of them.
  const selection: ClusterSelection = { ...chosen, clusters: [] };
  for (const cluster of chosen.clusters) {
    const why = unready(cluster);
    if (!why) {
      selection.clusters.push(cluster);
      continue;
    }
    const advice = why.pending
      ? 'try again in a few seconds'
      : `try again when it answers, or leave ${cluster.cluster.name} out of "clusters"`;
    selection.problems.push(conflict(`${why.reason}; ${advice}`));
  }
  return selection;
}

/**
 * The ServiceExport API a cluster serves, as configured (`serviceExportApi`)
 * and as the cluster itself says: the inventory knows whether the
 * controller's kind is served; for MCS the version was looked up.
 */
export function resolveFlavour(
  cluster: ClusterInventory,
  mcsVersions: ReadonlyMap<string, McsVersionLookup>,
): FlavourResolution {
  const { name, exportApi } = cluster.cluster;
  if (exportApi === 'aws') {
    return cluster.sync.serviceexports
      ? { flavour: { api: 'aws' } }
      : {
          notServed: `${name} does not serve the AWS Gateway API Controller's ServiceExport (application-networking.k8s.aws): install the controller there, or set serviceExportApi: mcs for ${name} in app-config`,
        };
  }
  const lookup = mcsVersions.get(name) ?? { error: 'its MCS API version was not looked up' };
  if ('version' in lookup) return { flavour: { api: 'mcs', version: lookup.version } };
  if ('notServed' in lookup) {
    return {
      notServed: `${name} does not serve the upstream MCS ServiceExport (multicluster.x-k8s.io v1beta1 or v1alpha1): install the MCS API there, or set serviceExportApi: aws for ${name} in app-config`,
    };
  }
  return {
    problem: conflict(`${name} could not be asked which MCS API version it serves (${lookup.error}); try again when it answers, or leave it out of "clusters"`),
  };
}

/** The error a failed preflight answers with: bad input first (400), else the conflict (409). */
export function preflightError(
  problems: readonly PreflightProblem[],
  nothingDone: string,
): InputError | ConflictError {
  const message = `${nothingDone}: ${problems.map(p => p.message).join('; ')}`;
  return problems.some(p => p.kind === 'input')
    ? new InputError(message)
    : new ConflictError(message);
}
