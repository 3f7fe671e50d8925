/*
 * The checks every export and unexport makes before writing anywhere, from
 * the inventory: which clusters the request means, whether each can be
 * trusted and written to now, and which ServiceExport API it serves. A
 * problem is either bad input (the request names something that does not
 * exist) or a conflict (the clusters are not ready for it).
 */
import { ConflictError, InputError } from '@backstage/errors';
import type {
  KindDescriptor,
  ProviderId,
} from '@service-network/backstage-plugin-service-network-common';
import type {
  ClusterInventory,
  InventorySnapshot,
} from '../inventory/snapshot';
import { providerOf } from '../providers/registry';
import { conflict, input, PreflightProblem } from './problems';
import {
  isReadOnly,
  ProviderWriter,
  ServiceNetworkProvider,
} from '../providers/types';

export interface ClusterSelection {
  clusters: ClusterInventory[];
  problems: PreflightProblem[];
  warnings: string[];
}

/** What a cluster answered when asked which version of a provider's export kind it serves. */
export type VersionLookup =
  | { version: string }
  | { notServed: true }
  | { error: string };

/** The provider a cluster exports with, its writer, and the kind of export it serves. */
export interface ExportTarget {
  provider: ServiceNetworkProvider;
  writer: ProviderWriter;
  kind: KindDescriptor;
}

export type WriterResolution =
  | ExportTarget
  | { notServed: string }
  | { problem: PreflightProblem };

/** The provider that writes the export in a cluster: the one asked for if the cluster runs it, else its first; undefined when it does not run the one asked for. */
export function exportingProvider(
  cluster: ClusterInventory,
  requested?: ProviderId,
): ServiceNetworkProvider | undefined {
  const { providers } = cluster.cluster;
  const setting = requested ? providers.find(p => p.id === requested) : providers[0];
  return setting && providerOf(setting);
}

/** Whether the served version must be asked for: the inventory knows only whether a source is served, not in which version. */
export function needsVersionLookup(cluster: ClusterInventory, requested?: ProviderId): boolean {
  const writer = exportingProvider(cluster, requested)?.writer;
  return writer !== undefined && !isReadOnly(writer) && writer.exportKinds.length > 1;
}



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
  const { name } = cluster.cluster;
  // Whichever provider writes, the Services and each provider's exports must be current.
  const exportSources = cluster.cluster.providers.map(setting => providerOf(setting).reader.exportSource);
  for (const source of ['services', ...exportSources]) {
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
 * The kind the cluster's exporting provider writes, as the cluster itself
 * says: the inventory knows whether a kind of one version is served; the
 * version of one served in several was looked up.
 */
export function resolveWriter(
  cluster: ClusterInventory,
  servedVersions: ReadonlyMap<string, VersionLookup>,
  requested?: ProviderId,
): WriterResolution {
  const { name, providers } = cluster.cluster;
  const provider = exportingProvider(cluster, requested);
  if (!provider) {
    return {
      problem: input(
        `${name} does not run the provider "${requested}" (it runs ${providers.map(p => p.id).join(', ')}); leave ${name} out of "clusters", or choose one of those`,
      ),
    };
  }
  const { writer } = provider;
  // Bad input: the request (or the cluster's first provider) names a provider that writes nothing.
  if (isReadOnly(writer)) return { problem: input(`provider: ${writer.readOnly(name)}`) };
  const { exportKinds } = writer;
  if (exportKinds.length === 1) {
    return cluster.sync[provider.reader.exportSource]
      ? { provider, writer, kind: exportKinds[0] }
      : { notServed: writer.notServed(name) };
  }
  const lookup = servedVersions.get(name) ?? { error: 'its API version was not looked up' };
  if ('version' in lookup) {
    const kind = exportKinds.find(candidate => candidate.version === lookup.version);
    if (kind) return { provider, writer, kind };
  }
  if ('notServed' in lookup) return { notServed: writer.notServed(name) };
  return {
    problem: conflict(`${name} could not be asked which ${writer.apiName} version it serves (${'error' in lookup ? lookup.error : `it answered ${lookup.version}`}); try again when it answers, or leave it out of "clusters"`),
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
