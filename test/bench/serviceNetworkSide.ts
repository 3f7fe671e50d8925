/*
 * Our side: start the Service Network backend against the fleet, time it to
 * synced, then measure its status endpoint, the requests a page view causes,
 * its watches, how fast a change shows, and its memory.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { EntityServiceNetworkStatus } from '@service-network/backstage-plugin-service-network-common';
import { largeServiceNamespace } from '../src';
import { serviceNetworkBackendConfig } from './appConfig';
import { ok, TimedResponse } from './backendClient';
import { measureMemory, RunningBackend, startBackend, waitForCatalog } from './backendProcess';
import { answerFigures, BackendFigures, BenchContext, entityName, measureViews, viewFigures, WARM_UP_VIEWS } from './context';
import { addServicePort } from './kubeApi';
import { TimedOutError, waitFor } from './processes';

export const SERVICE_NETWORK_PORT = 17007;

export interface LatticeSyncFigures {
  /** From spawning the backend; absent when Lattice was not in sync by the deadline. */
  syncedMs?: number;
  state: string;
  reason?: string;
  waitedMs: number;
}

export interface ServiceNetworkFigures extends BackendFigures {
  kubernetesSyncedMs: number;
  lattice: LatticeSyncFigures;
  watches: {
    /** (cluster, kind) pairs watched. */
    watchedKinds: number;
    /** Most watch requests any one (cluster, kind) received from start to synced. */
    maxPerClusterAndKind: number;
  };
  /** Per trial; null when the change had not shown after CHANGE_TIMEOUT_MS. */
  changeVisibleMs: Array<number | null>;
  /**
   * Per entity, from its first view to a status with every cluster's target
   * groups read (tags and targets are read on demand); null when not within
   * CHANGE_TIMEOUT_MS.
   */
  latticeDetailsMs: Array<number | null>;
  /**
   * Views of those same entities once their target groups are read, as a
   * page open on them polls: the full status, where first views (the
   * measured ones) show target groups being read.
   */
  detailed?: DetailedViewFigures;
  /** How the sampled entities' overall states came out, as a sanity check of what was measured. */
  overallStates: Record<string, number>;
}

export type DetailedViewFigures = Pick<BackendFigures, 'latency' | 'answerKb'>;

const KUBERNETES_SYNC_TIMEOUT_MS = 120_000;
const SYNC_POLL_MS = 100;
const CHANGE_TRIALS = 5;
const LATTICE_DETAIL_TRIALS = 5;
const DETAILED_VIEW_ROUNDS = 20;
const CHANGE_TIMEOUT_MS = 10_000;
const CHANGE_POLL_MS = 10;

function statusRoute(name: string) {
  return `/api/service-network/entities/default/component/${name}/status`;
}

function kubernetesSynced(status: EntityServiceNetworkStatus): boolean {
  return (
    status.clusters.every(c => c.sync.state === 'synced') &&
    (status.configCluster === undefined || status.configCluster.sync.state === 'synced')
  );
}

/**
 * Polls the first sampled entity's status, as its page would, until every
 * cluster in it is synced, and then until Lattice is too or
 * `latticeDeadlineMs` (from spawn) has passed. Not the fleet overview: it
 * walks every object of the fleet, and polling it would slow the very sync
 * being timed.
 */
async function timeSync(context: BenchContext, backend: RunningBackend, latticeDeadlineMs: number) {
  const since = (at: number) => Math.round(at - backend.process.startedAt);
  const route = statusRoute(entityName(context.sample[0]));
  let kubernetesSyncedMs: number | undefined;
  let status: EntityServiceNetworkStatus | undefined;
  await waitFor(
    'every cluster to be synced',
    async () => {
      const response = await backend.client.get<EntityServiceNetworkStatus>(route);
      // 503 while the backend is still starting its plugins, 404 until the catalog holds the entity.
      if (response.status === 503 || response.status === 404) return undefined;
      status = ok(response, 'status');
      const now = since(performance.now());
      if (kubernetesSyncedMs === undefined && kubernetesSynced(status)) kubernetesSyncedMs = now;
      const latticeDone = status.lattice.sync.state === 'synced' || now > latticeDeadlineMs;
      return kubernetesSyncedMs !== undefined && latticeDone ? true : undefined;
    },
    { timeoutMs: Math.max(KUBERNETES_SYNC_TIMEOUT_MS, latticeDeadlineMs), intervalMs: SYNC_POLL_MS, process: backend.process },
  );
  const lattice = status!.lattice.sync;
  const waitedMs = since(performance.now());
  return {
    kubernetesSyncedMs: kubernetesSyncedMs!,
    lattice: {
      syncedMs: lattice.state === 'synced' ? waitedMs : undefined,
      state: lattice.state,
      reason: lattice.reason,
      waitedMs,
    },
  };
}

async function watchFigures(context: BenchContext) {
  const requests = await context.fleet.requests();
  const perKind = Object.values(requests.clusters).flatMap(cluster =>
    Object.values(cluster.byResource)
      .map(verbs => verbs.watch ?? 0)
      .filter(count => count > 0),
  );
  return { watchedKinds: perKind.length, maxPerClusterAndKind: Math.max(0, ...perKind) };
}

/** Every cluster judged from read target groups: none waiting for tags or target health. */
function latticeDetailsRead(status: EntityServiceNetworkStatus): boolean {
  return status.clusters.every(
    cluster => cluster.state !== 'unknown' && cluster.targetGroups.every(group => group.targets.listed),
  );
}

/**
 * Polls an entity's status as its page would, from `started` (performance.now())
 * until `shows` accepts it; the milliseconds taken, or null after CHANGE_TIMEOUT_MS.
 */
async function timeUntilShown(
  backend: RunningBackend,
  name: string,
  started: number,
  shows: (status: EntityServiceNetworkStatus) => boolean,
): Promise<number | null> {
  return waitFor(
    `the status of ${name} to show the change`,
    async () => {
      const status = ok(await backend.client.get<EntityServiceNetworkStatus>(statusRoute(name)), 'status');
      return shows(status) ? Math.round(performance.now() - started) : undefined;
    },
    { timeoutMs: CHANGE_TIMEOUT_MS, intervalMs: CHANGE_POLL_MS, process: backend.process },
  ).catch(error => {
    if (error instanceof TimedOutError) return null;
    throw error;
  });
}

/**
 * Views entities not viewed before (past the warm-up ones) and times until
 * their status shows their target groups read.
 */
async function timeLatticeDetails(context: BenchContext, backend: RunningBackend): Promise<Array<number | null>> {
  const results: Array<number | null> = [];
  for (const index of context.sample.slice(WARM_UP_VIEWS, WARM_UP_VIEWS + LATTICE_DETAIL_TRIALS)) {
    results.push(await timeUntilShown(backend, entityName(index), performance.now(), latticeDetailsRead));
  }
  return results;
}

/**
 * Views each entity whose details were read, round after round; undefined
 * when none were. The last such status is kept in the run's directory, to
 * read what a view answers.
 */
async function measureDetailedViews(
  context: BenchContext,
  backend: RunningBackend,
): Promise<DetailedViewFigures | undefined> {
  const names = context.sample.slice(WARM_UP_VIEWS, WARM_UP_VIEWS + LATTICE_DETAIL_TRIALS).map(entityName);
  const read: Array<TimedResponse<EntityServiceNetworkStatus>> = [];
  for (let round = 0; round < DETAILED_VIEW_ROUNDS; round++) {
    for (const name of names) {
      const response = await backend.client.get<EntityServiceNetworkStatus>(statusRoute(name));
      if (latticeDetailsRead(ok(response, `status of ${name}`))) read.push(response);
    }
  }
  if (read.length === 0) return undefined;
  const last = read[read.length - 1].body;
  fs.writeFileSync(path.join(context.workDir, `status-${last.entityRef.replace(/[:/]/g, '-')}.json`), JSON.stringify(last, null, 2));
  return answerFigures(read);
}

/** Adds a port to one Service in one cluster and times until the entity's status lists it. */
async function timeChanges(context: BenchContext, backend: RunningBackend): Promise<Array<number | null>> {
  const index = context.sample[0];
  const name = entityName(index);
  const namespace = largeServiceNamespace(index, context.size.namespaces);
  const workloads = context.fleet.description.clusters.filter(c => c.role === 'workload');
  const cluster = workloads[Math.floor(workloads.length / 2)];
  const results: Array<number | null> = [];
  for (let trial = 0; trial < CHANGE_TRIALS; trial++) {
    const port = 20_000 + trial;
    const started = performance.now();
    await addServicePort(cluster, namespace, name, port);
    results.push(
      await timeUntilShown(backend, name, started, status =>
        (status.clusters.find(c => c.cluster === cluster.name)?.service?.ports ?? []).some(p => p.port === port),
      ),
    );
  }
  return results;
}

export async function measureServiceNetwork(
  context: BenchContext,
  options: { latticeCallBudgetPerMinute: number; latticeDeadlineMs: number },
): Promise<ServiceNetworkFigures> {
  const { fleet, log } = context;
  // Counted from before the backend starts, so every watch it ever opened is seen.
  await fleet.resetRequests();
  const backend = await startBackend({
    plugin: 'service-network',
    port: SERVICE_NETWORK_PORT,
    config: serviceNetworkBackendConfig(fleet.description, {
      port: SERVICE_NETWORK_PORT,
      catalogFile: context.catalogFile,
      latticeCallBudgetPerMinute: options.latticeCallBudgetPerMinute,
    }),
    workDir: context.workDir,
    profile: context.profile,
  });
  try {
    log(`  answering after ${(backend.bootMs / 1000).toFixed(1)} s; waiting for sync`);
    const sync = await timeSync(context, backend, options.latticeDeadlineMs);
    log(
      `  Kubernetes synced after ${(sync.kubernetesSyncedMs / 1000).toFixed(1)} s; VPC Lattice ${
        sync.lattice.syncedMs === undefined
          ? `${sync.lattice.state}${sync.lattice.reason ? ` (${sync.lattice.reason})` : ''}`
          : 'synced'
      } at ${(sync.lattice.waitedMs / 1000).toFixed(1)} s`,
    );
    await waitForCatalog(backend, context.sample.length);
    log('  timing Lattice details after a first view');
    const latticeDetailsMs = await timeLatticeDetails(context, backend);
    const detailed = await measureDetailedViews(context, backend);
    log(`  measuring ${context.sample.length} page views`);
    // Before the views, which reset the fleet's counts.
    const watches = await watchFigures(context);

    const views = await measureViews(context, async name => {
      const response = await backend.client.get<EntityServiceNetworkStatus>(statusRoute(name));
      ok(response, `status of ${name}`);
      return response;
    });
    const figures = await viewFigures(context, views);
    const memory = await measureMemory(backend);
    const overallStates: Record<string, number> = {};
    for (const { body } of views) overallStates[body.overall] = (overallStates[body.overall] ?? 0) + 1;
    log('  timing changes');
    const changeVisibleMs = await timeChanges(context, backend);
    return {
      bootMs: backend.bootMs,
      ...sync,
      ...figures,
      watches,
      changeVisibleMs,
      latticeDetailsMs,
      detailed,
      memory,
      overallStates,
    };
  } finally {
    await backend.process.stop();
  }
}
