/*
 * Running the machine's own command-line clients (kubectl, the aws CLI)
 * against a simulated fleet: found on PATH, run with a private HOME and
 * cache, their output and exit code returned. A missing client skips its
 * suite with a message, except in CI, which requires both.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** The client's path; undefined (with a message) when the machine lacks it. CI fails instead. */
export function requireClient(name: string, hint: string): string | undefined {
  const found = findOnPath(name);
  if (found) return found;
  const message = `${name} is not on PATH (${hint})`;
  if (process.env.CI) {
    throw new Error(`The real-client suite needs ${message}`);
  }
  // eslint-disable-next-line no-console
  console.log(`Skipping the ${name} suite: ${message}`);
  return undefined;
}

/** A scratch directory that becomes HOME, so no user configuration leaks in. */
export function scratchDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

export function run(
  binary: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; input?: string; timeoutMs?: number },
): Promise<CommandResult> {
  return new Promise(resolve => {
    const child = execFile(
      binary,
      args,
      {
        env: options.env,
        timeout: options.timeoutMs ?? 60_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        let code = 0;
        if (error) {
          const exitCode = (error as { code?: unknown }).code;
          code = typeof exitCode === 'number' ? exitCode : 1;
        }
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** A long-running command (kubectl get -w): its output so far, until stopped. */
export interface Streaming {
  output(): string;
  /** Resolves when the output matches, with everything so far. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): void;
}

export function stream(
  binary: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Streaming {
  const child = spawn(binary, args, { env });
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    listeners.forEach(listener => listener());
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  return {
    output: () => output,
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        let timer: ReturnType<typeof setTimeout> | undefined = undefined;
        const check = () => {
          if (pattern.test(output)) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(output);
          }
        };
        timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no ${pattern} in:\n${output}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    stop: () => {
      child.kill();
    },
  };
}

/** The rows of kubectl's table output, split on runs of two or more spaces. */
export function tableRows(text: string): string[][] {
  return text
    .trim()
    .split('\n')
    .filter(line => line.trim() !== '')
    .map(line => line.trim().split(/\s{2,}/));
}
