/*
 * The run's figures: status latency under each fault and without, how soon
 * each fault was flagged and recovered from, the operations done and the
 * invariant violations, as a table and as JSON like the benchmark's.
 */
import { percentiles } from '../bench/stats';
import type { CheckResult } from './checker';
import type { FaultRecord } from './faults';
import type { Journal } from './journal';
import type { FleetMonitor } from './monitor';

/** Targets of issue 16. */
export const TARGETS = { statusP95Ms: 25, flaggedMs: 10_000, recoveredMs: 10_000 };

export interface FaultFigures extends FaultRecord {
  flaggedMs?: number;
  recoveredMs?: number;
}

export interface ChaosResult {
  startedAt: string;
  durationMs: number;
  operations: Record<string, number>;
  status: Array<{ phase: string; views: number; p50: number; p95: number; met: boolean }>;
  faults: FaultFigures[];
  requests: Record<string, number>;
  writesChecked: number;
  violations: CheckResult['violations'];
  secrets: Array<{ where: string; what: string; excerpt: string }>;
  targetsMissed: string[];
}

export function summarise(options: {
  startedAt: string;
  durationMs: number;
  journal: Journal;
  faults: FaultRecord[];
  monitor: FleetMonitor;
  check: CheckResult;
  secrets: ChaosResult['secrets'];
}): ChaosResult {
  const { journal, monitor, check } = options;
  const end = journal.now();
  const faults = options.faults.map(fault => {
    if (!fault.sources.length) return fault;
    const flagged = monitor.flaggedAt(fault.sources, fault.startedAt, fault.stoppedAt);
    const recovered = monitor.recoveredAt(fault.sources, fault.stoppedAt, end);
    return {
      ...fault,
      flaggedMs: flagged === undefined ? undefined : Math.round(flagged - fault.startedAt),
      recoveredMs: recovered === undefined ? undefined : Math.round(recovered - fault.stoppedAt),
    };
  });
  const status = [...journal.statusTimes].map(([phase, times]) => {
    const { p50, p95 } = percentiles(times);
    return { phase, views: times.length, p50, p95, met: p95 <= TARGETS.statusP95Ms };
  });
  const targetsMissed = [
    ...status.filter(s => !s.met).map(s => `status p95 ${s.p95} ms under "${s.phase}"`),
    ...faults.flatMap((f: FaultFigures) =>
      f.sources.length === 0
        ? []
        : [
            ...(f.flaggedMs === undefined || f.flaggedMs > TARGETS.flaggedMs ? [`"${f.name}" flagged after ${f.flaggedMs ?? 'never'} ms`] : []),
            ...(f.recoveredMs === undefined || f.recoveredMs > TARGETS.recoveredMs
              ? [`"${f.name}" recovered after ${f.recoveredMs ?? 'never'} ms`]
              : []),
          ],
    ),
  ];
  return {
    startedAt: options.startedAt,
    durationMs: options.durationMs,
    operations: Object.fromEntries([...journal.operations].sort()),
    status,
    faults,
    requests: check.requests,
    writesChecked: check.writesChecked,
    violations: check.violations,
    secrets: options.secrets,
    targetsMissed,
  };
}

const seconds = (ms?: number) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`);

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map(r => r[i].length)));
  return rows.map(r => r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

export function formatReport(result: ChaosResult): string {
  const figures = (f: FaultFigures) =>
    Object.entries(f.figures ?? {})
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  return [
    `Fault suite: ${seconds(result.durationMs)} of faults and workload against two replicas on one PostgreSQL`,
    '',
    'Operations (answer statuses):',
    table([['operation', 'count'], ...Object.entries(result.operations).map(([k, v]) => [k, String(v)])]),
    '',
    `Status page latency (target p95 <= ${TARGETS.statusP95Ms} ms):`,
    table([
      ['faults active', 'views', 'p50', 'p95', 'met'],
      ...result.status.map(s => [s.phase, String(s.views), `${s.p50} ms`, `${s.p95} ms`, s.met ? 'yes' : 'NO']),
    ]),
    '',
    `Faults (flagged and recovered targets <= ${seconds(TARGETS.flaggedMs)}; "-" where the fleet page has nothing to flag):`,
    table([
      ['fault', 'from', 'to', 'source', 'flagged', 'recovered', 'figures'],
      ...result.faults.map(f => [
        f.name,
        seconds(f.startedAt),
        seconds(f.stoppedAt),
        f.sources.join(', ') || '-',
        f.sources.length ? seconds(f.flaggedMs) : '-',
        f.sources.length ? seconds(f.recoveredMs) : '-',
        figures(f),
      ]),
    ]),
    '',
    `Route requests by final state: ${Object.entries(result.requests)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}; ${result.writesChecked} writes of the backend to the config cluster checked`,
    `Invariant violations: ${result.violations.length}`,
    ...result.violations.map(v => `  ${v.invariant}: ${v.detail}`),
    `Secrets found in answers and logs: ${result.secrets.length}`,
    ...result.secrets.map(s => `  ${s.what} in ${s.where}: ${s.excerpt}`),
    `Targets missed: ${result.targetsMissed.length ? '' : 'none'}`,
    ...result.targetsMissed.map(t => `  ${t}`),
  ].join('\n');
}
