#!/usr/bin/env node
/*
 * Browser tests: Debian's Chromium driven by playwright-core against the
 * embedded default stack (started by the tests' global setup).
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!fs.existsSync(CHROMIUM)) {
  const message = `${CHROMIUM} is not installed (apt-get install -y chromium)`;
  if (process.env.CI) {
    process.stderr.write(`Browser tests cannot run: ${message}\n`);
    process.exit(1);
  }
  process.stdout.write(`Browser tests skipped: ${message}\n`);
  // The access audit then judges the other runs alone, and says so.
  const accessLog = process.env.SERVICE_NETWORK_ACCESS_LOG_DIR;
  if (accessLog) fs.writeFileSync(path.join(accessLog, 'SKIPPED'), `browser tests skipped: ${message}\n`);
  process.exit(0);
}

const result = spawnSync(
  'npx',
  ['jest', '--config', path.join(__dirname, '..', 'test', 'e2e-tests', 'jest.config.js'), '--runInBand', ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, CHROMIUM_PATH: CHROMIUM } },
);
process.exit(result.status ?? 1);
