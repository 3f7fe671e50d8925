/*
 * Starts one benchmark backend in its own process and waits until it
 * answers and its catalog holds every entity.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { answers, BackendClient, ok, trySignIn } from './backendClient';
import { BenchProcess, residentMemory, startTsProcess, waitFor } from './processes';

export type BackendPlugin = 'service-network' | 'kubernetes';
export type Profile = 'cpu' | 'heap';

export interface RunningBackend {
  process: BenchProcess;
  client: BackendClient;
  /** From spawning the process to answering sign-in. */
  bootMs: number;
}

const BOOT_TIMEOUT_MS = 60_000;

function profilerArgs(profile: Profile | undefined, dir: string): string[] {
  if (profile === 'cpu') return ['--cpu-prof', `--cpu-prof-dir=${dir}`];
  if (profile === 'heap') return ['--heap-prof', `--heap-prof-dir=${dir}`];
  return [];
}

export interface MemoryFigures {
  /** Resident set as the OS sees it, before and after a full garbage collection, and its peak; MB. */
  rssMb: number;
  rssAfterGcMb: number;
  peakMb: number;
  /** The V8 heap still in use after the full collection: what the backend really holds. */
  liveHeapMb: number;
  /** What V8 keeps reserved for its heap after that collection (part of the resident set). */
  heapCommittedMb: number;
}

export async function measureMemory(backend: RunningBackend): Promise<MemoryFigures> {
  const { pid } = backend.process;
  const before = residentMemory(pid);
  const { heapUsed, heapTotal } = await backend.process.ask<{ heapUsed: number; heapTotal: number }>(
    'collect-garbage',
  );
  const after = residentMemory(pid);
  return {
    rssMb: before.rssMb,
    rssAfterGcMb: after.rssMb,
    peakMb: after.peakMb,
    liveHeapMb: Math.round(heapUsed / 2 ** 20),
    heapCommittedMb: Math.round(heapTotal / 2 ** 20),
  };
}

export async function startBackend(options: {
  plugin: BackendPlugin;
  port: number;
  config: object;
  workDir: string;
  profile?: Profile;
}): Promise<RunningBackend> {
  const { plugin, workDir } = options;
  const baseUrl = `http://127.0.0.1:${options.port}`;
  if (await answers(baseUrl)) throw new Error(`${baseUrl} already answers: stop whatever runs there first`);
  const configFile = path.join(workDir, `app-config.${plugin}.yaml`);
  fs.writeFileSync(configFile, stringify(options.config));
  const child = startTsProcess({
    name: `${plugin} backend`,
    script: path.join(__dirname, 'backend.ts'),
    args: [plugin, '--config', configFile],
    logFile: path.join(workDir, `${plugin}.log`),
    // Warnings and errors only: the Kubernetes plugin logs a line per query at info.
    env: { LOG_LEVEL: 'warn' },
    nodeArgs: ['--expose-gc', ...profilerArgs(options.profile, path.join(workDir, `${plugin}-profile`))],
  });
  const client = await waitFor('the backend to answer', () => trySignIn(baseUrl), {
    timeoutMs: BOOT_TIMEOUT_MS,
    intervalMs: 50,
    process: child,
  });
  return { process: child, client, bootMs: Math.round(performance.now() - child.startedAt) };
}

/** Waits until the backend's catalog holds `count` Components; answers milliseconds from its spawn. */
export async function waitForCatalog(backend: RunningBackend, count: number): Promise<number> {
  await waitFor(
    `the catalog to hold ${count} entities`,
    async () => {
      const page = ok(
        await backend.client.get<{ totalItems: number }>('/api/catalog/entities/by-query?filter=kind=component&limit=1'),
        'catalog query',
      );
      return page.totalItems >= count ? true : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 250, process: backend.process },
  );
  return Math.round(performance.now() - backend.process.startedAt);
}
