#!/usr/bin/env node
/*
 * npm test: type check, lint, API reports, the audited unit, browser and
 * fault suites (scripts/access-audited.js), then the fresh-app proof.
 *
 * The proof's first phases (create an app, convert it to npm and install it:
 * npm's cache and a native compile, no ports, nothing of this repository)
 * run beside the type check, lint and API reports, which are mostly one
 * process on one core; they end before the unit tests start. The rest of
 * the proof runs last, on the declarations the type check emitted.
 */
const { spawn, spawnSync } = require('node:child_process');
const { once } = require('node:events');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const freshApp = ['node', '-r', '@backstage/cli/config/nodeTransform.cjs', path.join('scripts', 'fresh-app.js')];
const timings = [];

function step(name, command, args) {
  process.stdout.write(`\n== npm test: ${name}\n`);
  const started = Date.now();
  const { status } = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  timings.push([name, (Date.now() - started) / 1000]);
  return status ?? 1;
}

/** The proof's --prepare in the background, its output kept for when it is joined. */
function startPreparing() {
  const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'service-network-test-')), 'fresh-app-prepare.log');
  const out = fs.openSync(log, 'w');
  const started = Date.now();
  // Its own process group, so a failure here stops npm and node-gyp under it too.
  const child = spawn(freshApp[0], [...freshApp.slice(1), '--prepare'], {
    cwd: root,
    stdio: ['ignore', out, out],
    detached: true,
  });
  fs.closeSync(out);
  const exited = once(child, 'exit');
  return {
    stop: () => {
      if (child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    },
    async join() {
      const [code] = await exited;
      process.stdout.write(`\n== npm test: the fresh app, prepared beside the checks\n${fs.readFileSync(log, 'utf8')}`);
      timings.push(['fresh app: create and install (beside the checks)', (Date.now() - started) / 1000]);
      fs.rmSync(path.dirname(log), { recursive: true, force: true });
      return code ?? 1;
    },
  };
}

async function main() {
  const preparing = startPreparing();
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      preparing.stop();
      process.exit(1);
    });
  }
  const checks = [
    ['type check', 'npm', ['run', 'tsc']],
    ['lint', 'npm', ['run', 'lint']],
    ['API reports', 'npm', ['run', 'test:api-reports']],
  ];
  for (const [name, command, args] of checks) {
    const status = step(name, command, args);
    if (status !== 0) {
      preparing.stop();
      return status;
    }
  }
  const prepared = await preparing.join();
  if (prepared !== 0) return prepared;
  const rest = [
    ['unit, browser and fault suites, access audit', 'npm', ['run', 'test:access']],
    ['fresh app', freshApp[0], [...freshApp.slice(1), '--prepared', '--types-built']],
  ];
  for (const [name, command, args] of rest) {
    const status = step(name, command, args);
    if (status !== 0) return status;
  }
  process.stdout.write('\nnpm test: passed\n');
  return 0;
}

main().then(
  status => {
    for (const [name, seconds] of timings) process.stdout.write(`  ${seconds.toFixed(0).padStart(5)} s  ${name}\n`);
    process.exit(status);
  },
  error => {
    process.stderr.write(`npm test failed: ${error.stack ?? error}\n`);
    process.exit(1);
  },
);
