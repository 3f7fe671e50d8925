/*
 * The benchmark's verdict: the targets of issue 6 checked against the
 * figures, and the side-by-side table printed at the end of a run.
 */
import type { MemoryFigures } from './backendProcess';
import type { FleetDescription, FleetSize } from './fleetProcess';
import type { KubernetesPluginFigures } from './kubernetesPluginSide';
import type { ServiceNetworkFigures } from './serviceNetworkSide';
import { median } from './stats';

export interface BenchResult {
  startedAt: string;
  durationMs: number;
  size: FleetSize & { sample: number; latticeCallBudgetPerMinute: number };
  fleet: { timings: FleetDescription['timings']; targetGroups: number };
  ours: ServiceNetworkFigures;
  theirs: KubernetesPluginFigures;
  targets: TargetCheck[];
}

export interface TargetCheck {
  name: string;
  target: string;
  value: string;
  met: boolean;
}

/** The size the targets are set for. */
export const TARGET_SIZE = { clusters: 50, services: 2000 };

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const ratio = (theirs: number, ours: number) => {
  if (ours === 0) return theirs === 0 ? '-' : 'all / none';
  const r = theirs / ours;
  return `${r >= 10 ? Math.round(r) : r.toFixed(1)}x`;
};

export function checkTargets(ours: ServiceNetworkFigures, theirs: KubernetesPluginFigures): TargetCheck[] {
  const changes = ours.changeVisibleMs;
  const slowestChange = changes.includes(null) ? undefined : Math.max(...(changes as number[]));
  const p50Ratio = theirs.latency.p50 / ours.latency.p50;
  return [
    {
      name: 'status p95',
      target: '<= 25 ms',
      value: `${ours.latency.p95} ms`,
      met: ours.latency.p95 <= 25,
    },
    {
      name: 'p50, Kubernetes plugin / ours',
      target: '>= 20x',
      value: ratio(theirs.latency.p50, ours.latency.p50),
      met: p50Ratio >= 20,
    },
    {
      name: 'Kubernetes API requests per page view',
      target: '0',
      value: `${ours.kubernetesRequestsPerView}, and ${ours.watchesOpenedDuringViews} watches opened`,
      met: ours.kubernetesRequestsPerView === 0 && ours.watchesOpenedDuringViews === 0,
    },
    {
      name: 'watches',
      target: 'one per cluster and kind',
      value: `${ours.watchesOpen} open for ${ours.watches.watchedKinds} (cluster, kind) pairs, at most ${ours.watches.maxPerClusterAndKind} opened per pair`,
      met: ours.watchesOpen === ours.watches.watchedKinds && ours.watches.maxPerClusterAndKind === 1,
    },
    {
      name: 'start to synced, Kubernetes',
      target: '<= 15 s',
      value: seconds(ours.kubernetesSyncedMs),
      met: ours.kubernetesSyncedMs <= 15_000,
    },
    {
      name: 'change visible in status',
      target: '<= 1 s',
      value:
        slowestChange === undefined
          ? `not visible within 10 s in ${changes.filter(c => c === null).length} of ${changes.length} trials`
          : `${Math.round(slowestChange)} ms, slowest of ${changes.length}`,
      met: slowestChange !== undefined && slowestChange <= 1000,
    },
    {
      name: 'backend memory, resident after a full GC',
      target: '<= 400 MB',
      value: `${ours.memory.rssAfterGcMb} MB (${ours.memory.rssMb} MB before it, peak ${ours.memory.peakMb} MB)`,
      met: ours.memory.rssAfterGcMb <= 400,
    },
  ];
}

function memoryRows(ours: MemoryFigures, theirs: MemoryFigures): string[][] {
  const rows: Array<[string, keyof MemoryFigures]> = [
    ['backend resident memory (MB)', 'rssMb'],
    ['  after a full GC (MB)', 'rssAfterGcMb'],
    ['  peak (MB)', 'peakMb'],
    ['backend live heap after a full GC (MB)', 'liveHeapMb'],
    ['  V8 heap reserved (MB)', 'heapCommittedMb'],
  ];
  return rows.map(([label, key]) => [label, `${ours[key]}`, `${theirs[key]}`, ratio(theirs[key], ours[key])]);
}

/** Trials that timed out (null) count as slowest. */
function medianAndSlowest(trials: ReadonlyArray<number | null>): string {
  const done = trials.filter((trial): trial is number => trial !== null);
  if (done.length === 0) return 'never';
  const slowest = done.length < trials.length ? 'timed out' : `${Math.max(...done)}`;
  return `${median(done)} / ${slowest}`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map(row => row[column].length)));
  return rows.map(row =>
    row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('   '),
  );
}

export function renderReport(result: BenchResult): string {
  const { ours, theirs, size } = result;
  const atTargetSize = size.clusters === TARGET_SIZE.clusters && size.services === TARGET_SIZE.services;
  const lines = [
    '',
    `Service Network vs @backstage/plugin-kubernetes-backend: ${size.clusters} workload clusters + 1 config cluster, ` +
      `${size.services.toLocaleString('en')} services each, ${size.latencyMs} ms per Kubernetes and VPC Lattice API request, ` +
      `${size.sample} entities measured`,
    `Fleet: seeded in ${seconds(result.fleet.timings.seedMs)}, controllers settled in ${seconds(result.fleet.timings.settleMs)}, ` +
      `${result.fleet.targetGroups.toLocaleString('en')} Lattice target groups. Run took ${seconds(result.durationMs)}.`,
    '',
    ...table([
      ['', 'Service Network', 'Kubernetes plugin', 'theirs / ours'],
      ['page view p50 (ms)', `${ours.latency.p50}`, `${theirs.latency.p50}`, ratio(theirs.latency.p50, ours.latency.p50)],
      ['page view p95 (ms)', `${ours.latency.p95}`, `${theirs.latency.p95}`, ratio(theirs.latency.p95, ours.latency.p95)],
      ['page view p99 (ms)', `${ours.latency.p99}`, `${theirs.latency.p99}`, ratio(theirs.latency.p99, ours.latency.p99)],
      [
        'page view p50 / p95, target groups read (ms)',
        ours.detailed ? `${ours.detailed.latency.p50} / ${ours.detailed.latency.p95}` : 'none read',
        '',
        '',
      ],
      ['answer size, median (KB of JSON)', `${ours.answerKb}`, `${theirs.answerKb}`, ''],
      ['answer size, target groups read (KB of JSON)', ours.detailed ? `${ours.detailed.answerKb}` : 'none read', '', ''],
      [
        'Kubernetes API requests per page view',
        `${ours.kubernetesRequestsPerView}`,
        `${theirs.kubernetesRequestsPerView}`,
        ratio(theirs.kubernetesRequestsPerView, ours.kubernetesRequestsPerView),
      ],
      ['watch streams open', `${ours.watchesOpen}`, `${theirs.watchesOpen}`, ''],
      ...memoryRows(ours.memory, theirs.memory),
      ['start to answering', seconds(ours.bootMs), seconds(theirs.bootMs), ''],
      ['start to synced, Kubernetes', seconds(ours.kubernetesSyncedMs), 'no cache', ''],
      [
        'start to synced, VPC Lattice (every list read)',
        ours.lattice.syncedMs === undefined ? `not in ${seconds(ours.lattice.waitedMs)}` : seconds(ours.lattice.syncedMs),
        'not read',
        '',
      ],
      [
        'Lattice details after a first view (ms, median / slowest)',
        medianAndSlowest(ours.latticeDetailsMs),
        'not read',
        '',
      ],
      ['change visible (ms, median / slowest)', medianAndSlowest(ours.changeVisibleMs), 'next view', ''],
    ]).map(line => `  ${line}`),
    '',
    `What was measured: the Kubernetes plugin found a median of ${theirs.objectsPerView} objects per view; ` +
      `Service Network's statuses came out ${Object.entries(ours.overallStates)
        .map(([state, count]) => `${state} ${count}`)
        .join(', ')}.`,
    '',
    `Targets${atTargetSize ? '' : ` (set for ${TARGET_SIZE.clusters} clusters x ${TARGET_SIZE.services.toLocaleString('en')} services; this run is smaller)`}:`,
    ...result.targets.map(t => `  ${t.met ? 'PASS' : 'MISS'}  ${t.name} ${t.target}: ${t.value}`),
  ];
  if (theirs.clusterErrors > 0) {
    lines.push('', `Warning: the Kubernetes plugin reported ${theirs.clusterErrors} cluster errors in its answers.`);
  }
  return `${lines.join('\n')}\n`;
}
