#!/usr/bin/env node
/*
 * Installs the workspace when node_modules is missing or older than the
 * lockfile, so `npm start` and `npm test` work on a fresh clone as they are.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const installed = path.join(root, 'node_modules', '.package-lock.json');
const lockfile = path.join(root, 'package-lock.json');

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

const installedAt = mtime(installed);
if (installedAt === undefined || installedAt < (mtime(lockfile) ?? 0)) {
  process.stdout.write('Installing the workspace (npm install; a few minutes on a cold cache)...\n');
  // The lockfile is Linux-only (the registry here lacks other platforms' binaries), so `npm ci` cannot be used.
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: root, stdio: 'inherit' });
}
