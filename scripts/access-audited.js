#!/usr/bin/env node
/*
 * Runs npm scripts with the fleets recording what the backend's identities
 * did (each run in its own directory, fresh every time), then the access
 * audit over all of them: the RBAC in deploy/kubernetes and the IAM policy
 * in deploy/aws must be enough (nothing refused) and nothing more (every
 * grant used).
 *
 *   node scripts/access-audited.js test:unit test:e2e
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const scripts = process.argv.slice(2);
const logRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'service-network-access-'));

function run(command, args, env) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

const runs = [];
for (const script of scripts) {
  const dir = path.join(logRoot, script.replace(/[^a-z0-9-]+/gi, '-'));
  fs.mkdirSync(dir);
  const started = Date.now();
  const status = run('npm', ['run', script], { SERVICE_NETWORK_ACCESS_LOG_DIR: dir });
  if (status !== 0) process.exit(status);
  runs.push(`${script}=${dir}`);
  process.stdout.write(`${script} done in ${Math.round((Date.now() - started) / 1000)} s\n`);
}
const status = run('node', ['-r', '@backstage/cli/config/nodeTransform.cjs', path.join('test', 'src', 'access', 'cli.ts'), ...runs]);
fs.rmSync(logRoot, { recursive: true, force: true });
process.exit(status);
