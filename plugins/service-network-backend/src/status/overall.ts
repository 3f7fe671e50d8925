/*
 * The one-word state of an entity and its one-sentence summary, from the
 * per-cluster states and the findings.
 */
import type {
  ClusterExportState,
  Finding,
  OverallState,
  WorkloadClusterStatus,
} from '@service-network/backstage-plugin-service-network-common';

/** Cluster states in which the export does not work until something is fixed. */
const BROKEN: readonly ClusterExportState[] = [
  'failed',
  'unhealthy',
  'ignored',
];
const WAITING: readonly ClusterExportState[] = ['pending', 'deleting'];

/**
 * `routingErrors`: error findings outside the workload clusters (routes,
 * imports, gateways), which break traffic even when every export works.
 */
export function overallState(
  clusters: readonly WorkloadClusterStatus[],
  routingErrors: number,
): OverallState {
  const known = clusters.filter(cluster => cluster.state !== 'unknown');
  const exporting = known.filter(cluster => cluster.state !== 'not-exported');
  if (exporting.length === 0) {
    return known.length < clusters.length ? 'unknown' : 'not-exported';
  }
  const broken = exporting.filter(cluster => BROKEN.includes(cluster.state));
  if (broken.length === exporting.length) {
    return 'failing';
  }
  if (
    broken.length > 0 ||
    routingErrors > 0 ||
    exporting.some(cluster => cluster.state === 'degraded')
  ) {
    return 'degraded';
  }
  if (exporting.some(cluster => WAITING.includes(cluster.state))) {
    return 'pending';
  }
  return exporting.every(cluster => cluster.state === 'unused')
    ? 'unused'
    : 'healthy';
}

const HEADLINE: Record<OverallState, string> = {
  'not-exported': 'Not exported from any cluster',
  pending: 'Export in progress',
  unused: 'Exported; no route sends traffic to it yet',
  healthy: 'Exported and healthy',
  degraded: 'Exported, with problems',
  failing: 'Export not working',
  unknown: 'State unknown: cluster data is missing',
};

function count(amount: number, noun: string): string {
  return `${amount} ${noun}${amount === 1 ? '' : 's'}`;
}

/** Past this many clusters in one state, the summary counts them instead of naming them. */
const MOST_NAMED = 3;

/** `a, b (healthy); 48 clusters (unused)`: one sentence, however large the fleet. */
function clustersByState(clusters: readonly WorkloadClusterStatus[]): string {
  const byState = new Map<string, string[]>();
  for (const { cluster, state } of clusters) {
    const names = byState.get(state);
    if (names) names.push(cluster);
    else byState.set(state, [cluster]);
  }
  return [...byState]
    .map(
      ([state, names]) =>
        `${
          names.length > MOST_NAMED
            ? count(names.length, 'cluster')
            : names.join(', ')
        } (${state})`,
    )
    .join('; ');
}

export function summarise(
  overall: OverallState,
  clusters: readonly WorkloadClusterStatus[],
  findings: readonly Finding[],
): string {
  const exporting = clusters.filter(
    cluster => cluster.state !== 'not-exported' && cluster.state !== 'unknown',
  );
  const errors = findings.filter(
    finding => finding.severity === 'error',
  ).length;
  const warnings = findings.filter(
    finding => finding.severity === 'warning',
  ).length;
  const where = exporting.length > 0 ? ` in ${clustersByState(exporting)}` : '';
  const attention =
    errors + warnings > 0
      ? `; ${[
          errors ? count(errors, 'error') : '',
          warnings ? count(warnings, 'warning') : '',
        ]
          .filter(Boolean)
          .join(', ')}`
      : '';
  return `${HEADLINE[overall]}${where}${attention}.`;
}
