/*
 * Starts and stops the embedded default stack: the seeded simulated fleet,
 * the backend dev server on :7007 and the frontend dev app on :3000.
 * Used by `npm start` and by the browser tests.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnLogged, stopGroup, waitFor: waitUntil } = require('./processes');

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
    const child = spawnLogged(name, 'npm', args, {
      cwd: root,
      // The dev servers run as in development even when started from jest (NODE_ENV=test).
      env: { ...process.env, NODE_ENV: 'development', ...extraEnv },
      log,
      onExit: (exited, code) => {
        if (!stopped) options.onExit?.(exited, code);
      },
    });
    children.push({ name, child });
  }

  async function stop() {
    stopped = true;
    fs.rmSync(readyFile, { force: true });
    await Promise.all(children.map(({ child }) => stopGroup(child)));
  }

  const waitFor = (check, what, timeoutMs) =>
    waitUntil(check, what, timeoutMs, { children, isStopped: () => stopped });

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
