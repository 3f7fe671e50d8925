/*
 * Starts and stops the embedded default stack: the seeded simulated fleet,
 * the backend dev server on :7007 and the frontend dev app on :3000.
 * Used by `npm start` and by the browser tests.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

// The repository root: this file sits in test/.
const root = path.resolve(__dirname, '..');
const BACKEND_HEALTH = 'http://localhost:7007/api/service-network/health';
const FRONTEND = 'http://localhost:3000';

async function answers(url) {
  try {
    const res = await fetch(url);
    return res.status < 500;
  } catch {
    return false;
  }
}

/** The backend answers and Service Network has finished starting; a config problem fails the stack at once. */
async function serviceNetworkReady() {
  let health;
  try {
    health = await (await fetch(BACKEND_HEALTH)).json();
  } catch {
    return false;
  }
  if (health.status === 'not-configured') throw new Error(`Service Network is not configured: see the backend's log`);
  return health.status === 'ok';
}

/**
 * @param {{ log?: (line: string) => void, onExit?: (name: string, code: number | null) => void, fleetArgs?: string[] }} options
 */
async function startStack(options = {}) {
  const log = options.log ?? (line => process.stdout.write(`${line}\n`));
  const readyFile = path.join(os.tmpdir(), `service-network-fleet-${process.pid}-${Date.now()}.json`);
  const children = [];
  let stopped = false;

  for (const url of [BACKEND_HEALTH, FRONTEND]) {
    if (await answers(url)) throw new Error(`${url} already answers: stop the running instance first`);
  }

  function run(name, args, extraEnv = {}) {
    const child = spawn('npm', args, {
      cwd: root,
      // The dev servers run as in development even when started from jest (NODE_ENV=test).
      env: { ...process.env, NODE_ENV: 'development', ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    for (const stream of [child.stdout, child.stderr]) {
      let pending = '';
      stream.on('data', chunk => {
        const lines = (pending + chunk).split('\n');
        pending = lines.pop();
        for (const line of lines) log(`[${name}] ${line}`);
      });
    }
    child.on('exit', code => {
      if (!stopped) options.onExit?.(name, code);
    });
    children.push({ name, child });
  }

  function groupAlive(pgid) {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }

  /** Stops every process of a child's group, not just npm: the servers it started must release their ports. */
  async function stopGroup(child) {
    const pgid = child.pid;
    if (!groupAlive(pgid)) return;
    process.kill(-pgid, 'SIGTERM');
    const deadline = Date.now() + 10_000;
    while (groupAlive(pgid) && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
  }

  async function stop() {
    stopped = true;
    fs.rmSync(readyFile, { force: true });
    await Promise.all(children.map(({ child }) => stopGroup(child)));
  }

  async function waitFor(check, what, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (stopped) throw new Error(`stopped while waiting for ${what}`);
      const exited = children.find(({ child }) => child.exitCode !== null);
      if (exited) throw new Error(`${exited.name} exited with code ${exited.child.exitCode} while waiting for ${what}`);
      if (await check()) return;
      await new Promise(resolve => setTimeout(resolve, 250));
    }
    throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
  }

  const timings = {};
  const started = Date.now();
  try {
    run('fleet', ['run', 'fleet', '--workspace', 'test', '--', '--ready-file', readyFile, ...(options.fleetArgs ?? [])]);
    await waitFor(() => fs.existsSync(readyFile), 'the simulated fleet', 60_000);
    timings.fleetMs = Date.now() - started;
    const fleet = JSON.parse(fs.readFileSync(readyFile, 'utf8'));

    run('backend', ['start', '--workspace', '@service-network/backstage-plugin-service-network-backend']);
    await waitFor(serviceNetworkReady, 'the backend on :7007', 240_000);
    timings.backendMs = Date.now() - started;

    run('frontend', ['start', '--workspace', '@service-network/backstage-plugin-service-network'], { BROWSER: 'none' });
    await waitFor(() => answers(FRONTEND), 'the frontend on :3000', 240_000);
    timings.frontendMs = Date.now() - started;
    return { fleet, timings, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

module.exports = { startStack, FRONTEND, BACKEND: 'http://localhost:7007' };
