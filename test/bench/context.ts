/*
 * What both sides of the benchmark share: the running fleet, its size, the
 * entities measured and where logs, configs and profiles go.
 */
import { largeServiceName } from '../src';
import type { TimedResponse } from './backendClient';
import type { MemoryFigures, Profile } from './backendProcess';
import type { FleetSize, RunningFleet } from './fleetProcess';
import { median, percentiles, Percentiles } from './stats';

export interface BenchContext {
  fleet: RunningFleet;
  size: FleetSize;
  /** Indexes of the services (and so catalog entities) measured, in order. */
  sample: number[];
  catalogFile: string;
  workDir: string;
  profile?: Profile;
  log(line: string): void;
}

/** Sequential calls made before measuring, so connection set-up and first-call costs are not counted. */
export const WARM_UP_VIEWS = 5;

export function entityName(index: number): string {
  return largeServiceName(index);
}

/** What both backends are measured on. */
export interface BackendFigures {
  /** From spawning the process to answering sign-in. */
  bootMs: number;
  latency: Percentiles;
  /** Median size of a measured view's answer, in KB of JSON. */
  answerKb: number;
  views: number;
  /** Kubernetes API requests other than watches during the measured views, per view. */
  kubernetesRequestsPerView: number;
  kubernetesRequestsByVerb: Record<string, number>;
  watchesOpenedDuringViews: number;
  /** Watch streams open across the fleet after the views. */
  watchesOpen: number;
  /** After the views. */
  memory: MemoryFigures;
}

/** Latency of timed views and the median size of their answers. */
export function answerFigures(views: ReadonlyArray<TimedResponse<unknown>>): Pick<BackendFigures, 'latency' | 'answerKb'> {
  return {
    latency: percentiles(views.map(v => v.ms)),
    answerKb: Math.round(median(views.map(v => v.length)) / 1024),
  };
}

/** Latency of the measured views, the fleet requests they caused (counted since the warm-up) and the watches open. */
export async function viewFigures(
  context: BenchContext,
  views: ReadonlyArray<TimedResponse<unknown>>,
): Promise<
  Pick<
    BackendFigures,
    'latency' | 'answerKb' | 'views' | 'kubernetesRequestsPerView' | 'kubernetesRequestsByVerb' | 'watchesOpenedDuringViews' | 'watchesOpen'
  >
> {
  const requests = await context.fleet.requests();
  const openWatches = await context.fleet.openWatches();
  const byVerb: Record<string, number> = {};
  let watchesOpened = 0;
  for (const cluster of Object.values(requests.clusters)) {
    for (const [verb, count] of Object.entries(cluster.byVerb)) {
      if (verb === 'watch') watchesOpened += count;
      else byVerb[verb] = (byVerb[verb] ?? 0) + count;
    }
  }
  const total = Object.values(byVerb).reduce((sum, count) => sum + count, 0);
  return {
    ...answerFigures(views),
    views: views.length,
    kubernetesRequestsPerView: total / views.length,
    kubernetesRequestsByVerb: byVerb,
    watchesOpenedDuringViews: watchesOpened,
    watchesOpen: Object.values(openWatches).reduce((sum, count) => sum + count, 0),
  };
}

/**
 * Calls `view` once per sampled entity, one after another, after a few
 * warm-up calls; the fleet's request counts start after the warm-up.
 */
export async function measureViews<T>(
  context: BenchContext,
  view: (name: string) => Promise<TimedResponse<T>>,
): Promise<Array<TimedResponse<T>>> {
  for (const index of context.sample.slice(0, WARM_UP_VIEWS)) await view(entityName(index));
  await context.fleet.resetRequests();
  const responses: Array<TimedResponse<T>> = [];
  for (const index of context.sample) responses.push(await view(entityName(index)));
  return responses;
}
