/*
 * The benchmark's child processes: the fleet and each backend run in their
 * own Node process, so memory and CPU figures belong to one of them only.
 */
import { spawn, ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const NODE_TRANSFORM = require.resolve('@backstage/cli/config/nodeTransform.cjs');
const STOP_GRACE_MS = 10_000;

export interface BenchProcess {
  readonly name: string;
  readonly pid: number;
  /** When it was spawned, on the `performance.now()` clock. */
  readonly startedAt: number;
  readonly logFile: string;
  /** Rejects as soon as the process exits before `stop()`. */
  readonly failed: Promise<never>;
  /** Sends `{ type }` over the IPC channel and answers the first message back of the same type. */
  ask<T>(type: string): Promise<T>;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Runs a TypeScript entry through the Backstage node transform, output to `logFile`. */
export function startTsProcess(options: {
  name: string;
  script: string;
  args: string[];
  logFile: string;
  env?: Record<string, string>;
  nodeArgs?: string[];
  cwd?: string;
  /** Add to the log rather than start it afresh (a process started again). */
  append?: boolean;
}): BenchProcess {
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = fs.openSync(options.logFile, options.append ? 'a' : 'w');
  const startedAt = performance.now();
  const child = spawn(
    process.execPath,
    ['-r', NODE_TRANSFORM, ...(options.nodeArgs ?? []), options.script, ...options.args],
    { env: { ...process.env, ...options.env }, cwd: options.cwd, stdio: ['ignore', log, log, 'ipc'] },
  );
  fs.closeSync(log);
  running.add(child);
  const exited = new Promise<number | null>(resolve =>
    child.once('exit', code => {
      running.delete(child);
      resolve(code);
    }),
  );
  const failed = exited.then(code => {
    throw new Error(
      `${options.name} exited with code ${code} before the benchmark was done; see ${options.logFile}`,
    );
  });
  // Observed through races with `failed`; left unobserved, the rejection must not end the run.
  failed.catch(() => undefined);
  return {
    name: options.name,
    pid: child.pid!,
    startedAt,
    logFile: options.logFile,
    failed,
    ask<T>(type: string) {
      const answer = new Promise<T>(resolve => {
        const listener = (message: { type?: string }) => {
          if (message?.type !== type) return;
          child.off('message', listener);
          resolve(message as T);
        };
        child.on('message', listener);
      });
      child.send({ type });
      return Promise.race([answer, failed]);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resident memory now and at its peak, in MB, from /proc (Linux). */
export function residentMemory(pid: number): { rssMb: number; peakMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
}

export class TimedOutError extends Error {}

/** Calls `attempt` until it answers something other than undefined. */
export async function waitFor<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number; process?: BenchProcess },
): Promise<T> {
  const deadline = performance.now() + options.timeoutMs;
  for (;;) {
    const result = await (options.process ? Promise.race([attempt(), options.process.failed]) : attempt());
    if (result !== undefined) return result;
    if (performance.now() > deadline) {
      throw new TimedOutError(`Timed out after ${options.timeoutMs / 1000} s waiting for ${what}`);
    }
    await new Promise(resolve => setTimeout(resolve, options.intervalMs ?? 100));
  }
}
