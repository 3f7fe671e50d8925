/*
 * The faults of a run, one after another and then overlapping, through the
 * fleet's admin endpoint, pg_ctlcluster and signals. Each knows which
 * source the fleet page should flag while it lasts (none for faults the
 * product rides out without losing data, such as latency).
 */
import { FLEET_ADMIN, queryDatabase, Replica, restartPostgres } from './stack';
import type { Journal } from './journal';
import { routeRequestBody } from './workload';
import type { UserClient } from './client';

export interface Fault {
  name: string;
  /** Sources the fleet page should flag while it lasts. */
  sources: string[];
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Figures the fault measures itself (the replica kill's recovery). */
  figures?: Record<string, number | string | undefined>;
}

export interface FaultRecord {
  name: string;
  sources: string[];
  startedAt: number;
  stoppedAt: number;
  figures?: Record<string, number | string | undefined>;
}

async function admin(method: string, route: string, body?: unknown): Promise<void> {
  const response = await fetch(`${FLEET_ADMIN}${route}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`fleet admin ${method} ${route}: ${response.status} ${await response.text()}`);
}

const HEALTHY_CLUSTER = { latencyMs: 0, errorRate: 0, writeErrorRate: 0, unreachable: false };
const HEALTHY_LATTICE = { latencyMs: 0, throttleRate: 0, errorRate: 0, unreachable: false };

const clusterFault = (name: string, cluster: string, faults: Partial<typeof HEALTHY_CLUSTER>, sources: string[] = []): Fault => ({
  name,
  sources,
  start: () => admin('PUT', `/faults/clusters/${cluster}`, faults),
  stop: () => admin('PUT', `/faults/clusters/${cluster}`, HEALTHY_CLUSTER),
});

const latticeFault = (name: string, faults: Partial<typeof HEALTHY_LATTICE>, sources: string[]): Fault => ({
  name,
  sources,
  start: () => admin('PUT', '/faults/lattice', faults),
  stop: () => admin('PUT', '/faults/lattice', HEALTHY_LATTICE),
});

/** Cuts every watch of every cluster now, and again every 2 s while it lasts. */
function watchFault(name: string, route: 'drop-watches' | 'expire-watches', clusters: string[]): Fault {
  let timer: NodeJS.Timeout | undefined;
  const cut = () => Promise.all(clusters.map(c => admin('POST', `/faults/clusters/${c}/${route}`))).then(() => undefined);
  return {
    name,
    sources: [],
    start: async () => {
      await cut();
      timer = setInterval(() => void cut().catch(() => undefined), 2000);
    },
    stop: async () => clearInterval(timer),
  };
}

/** Restarts PostgreSQL; measures how long until both replicas answer route request lists again. */
function postgresRestart(approvers: UserClient[]): Fault {
  const fault: Fault = {
    name: 'PostgreSQL restarted',
    sources: [],
    figures: {},
    start: async () => {
      const started = performance.now();
      fault.figures!.downMs = await restartPostgres();
      await Promise.all(
        approvers.map(async client => {
          while ((await client.call('GET', '/route-requests?limit=1')).status !== 200) {
            await new Promise(resolve => setTimeout(resolve, 200));
          }
        }),
      );
      fault.figures!.requestsBackMs = Math.round(performance.now() - started);
    },
    stop: async () => undefined,
  };
  return fault;
}

/**
 * Slows the config cluster so an apply takes seconds, approves a fresh
 * request on one replica, kills that replica with SIGKILL once the request
 * is applying, and starts it again. The other replica must finish the apply.
 */
function replicaKill(options: {
  replicas: Replica[];
  developer: UserClient;
  approver: UserClient;
  approvers: UserClient[];
  database: string;
  journal: Journal;
}): Fault {
  const { replicas, developer, approver, database, journal } = options;
  const figures: Record<string, number | string | undefined> = {};
  let restarted: Promise<void> | undefined;
  const stateOf = async (id: string) =>
    (await queryDatabase<{ state: string }>(database, `SELECT state FROM "service-network".route_requests WHERE id = '${id}'`))[0]
      ?.state;
  return {
    name: 'replica killed mid-apply',
    sources: [],
    figures,
    start: async () => {
      await admin('PUT', '/faults/clusters/config', { latencyMs: 1500 });
      const routeName = 'chaos-killed';
      const created = await developer.call('POST', '/route-requests', routeRequestBody('service-1', routeName));
      if (created.status !== 201) {
        figures.problem = `could not create the request: ${created.status} ${created.text.slice(0, 200)}`;
        await admin('PUT', '/faults/clusters/config', HEALTHY_CLUSTER);
        return;
      }
      const id = created.body.id;
      journal.created.set(id, { routeName, fate: 'approve', at: journal.now() });
      figures.requestId = id;
      void approver.call('POST', `/route-requests/${id}/approve`, { comment: 'approved just before the kill' });
      const deadline = performance.now() + 20_000;
      while ((await stateOf(id)) !== 'applying' && performance.now() < deadline) {
        await new Promise(resolve => setTimeout(resolve, 100));
      }
      const victim = replicas.find(r => r.baseUrl === approver.baseUrl)!;
      figures.stateAtKill = await stateOf(id);
      victim.kill();
      const killedAt = performance.now();
      await admin('PUT', '/faults/clusters/config', HEALTHY_CLUSTER);
      restarted = victim.start().then(() => {
        figures.replicaBackMs = Math.round(performance.now() - killedAt);
      });
      // The other replica takes the apply over once the killed one's claim lapses.
      void (async () => {
        while (performance.now() - killedAt < 180_000) {
          const state = await stateOf(id);
          if (state !== 'applying' && state !== 'approved') {
            figures.resumedMs = Math.round(performance.now() - killedAt);
            figures.finalState = state;
            return;
          }
          await new Promise(resolve => setTimeout(resolve, 500));
        }
      })();
    },
    stop: async () => {
      await restarted;
    },
  };
}

export interface Schedule {
  /** Weight of each step in the run's time; the steps fill the duration. */
  steps: Array<{ weight: number; faults: Fault[] }>;
}

export function faultSchedule(options: Parameters<typeof replicaKill>[0]): Schedule {
  const unreachable = () => clusterFault('workload cluster unreachable', 'workload-2', { unreachable: true }, ['workload-2']);
  const latency = () => clusterFault('5 s latency', 'workload-1', { latencyMs: 5000 });
  const errors = () => clusterFault('30% 5xx', 'workload-2', { errorRate: 0.3 });
  const dropped = () => watchFault('dropped watches', 'drop-watches', ['config', 'workload-1', 'workload-2']);
  const gone = () => watchFault('watch answered 410 Gone', 'expire-watches', ['config', 'workload-1', 'workload-2']);
  const configDown = () => clusterFault('config cluster down during approvals', 'config', { unreachable: true }, ['config']);
  const throttled = () => latticeFault('Lattice throttling (429)', { throttleRate: 0.9 }, ['lattice']);
  const latticeDown = () => latticeFault('Lattice outage', { unreachable: true }, ['lattice']);
  return {
    steps: [
      { weight: 1, faults: [] },
      { weight: 1, faults: [unreachable()] },
      { weight: 1, faults: [latency()] },
      { weight: 1, faults: [errors()] },
      { weight: 0.6, faults: [dropped()] },
      { weight: 0.6, faults: [gone()] },
      // A fault's recovery is measured after it ends: the next step never takes the same source away
      // (throttling straight before the outage could only show Lattice recovering after both).
      { weight: 1, faults: [latticeDown()] },
      { weight: 1, faults: [configDown()] },
      { weight: 1, faults: [throttled()] },
      { weight: 0.6, faults: [postgresRestart(options.approvers)] },
      { weight: 1.4, faults: [replicaKill(options)] },
      { weight: 1, faults: [unreachable(), throttled(), clusterFault('30% 5xx', 'config', { errorRate: 0.3 })] },
      { weight: 1, faults: [latency(), gone(), postgresRestart(options.approvers)] },
      { weight: 0.8, faults: [] },
    ],
  };
}

/** Runs the steps over `durationMs`; answers what ran when. */
export async function runSchedule(schedule: Schedule, durationMs: number, journal: Journal): Promise<FaultRecord[]> {
  const total = schedule.steps.reduce((sum, step) => sum + step.weight, 0);
  const records: FaultRecord[] = [];
  for (const step of schedule.steps) {
    const stepMs = (step.weight / total) * durationMs;
    const stepStart = performance.now();
    journal.setPhase(step.faults.length ? step.faults.map(f => f.name).join(' + ') : 'no fault');
    const startedAt = journal.now();
    await Promise.all(step.faults.map(f => f.start()));
    const left = stepMs - (performance.now() - stepStart);
    if (left > 0) await new Promise(resolve => setTimeout(resolve, left));
    await Promise.all(step.faults.map(f => f.stop()));
    const stoppedAt = journal.now();
    for (const fault of step.faults) {
      records.push({ name: fault.name, sources: fault.sources, startedAt, stoppedAt, figures: fault.figures });
    }
  }
  journal.setPhase('no fault');
  return records;
}
