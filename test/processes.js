/*
 * Child processes of the stack scripts: each in its own process group, its
 * output prefixed line by line, stopped with everything it started (the
 * servers must release their ports).
 */
const { spawn } = require('node:child_process');

/** Spawns `command args` in its own process group, logging each output line as `[name] line`. */
function spawnLogged(name, command, args, { cwd, env, log, onExit }) {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  for (const stream of [child.stdout, child.stderr]) {
    let pending = '';
    stream.on('data', chunk => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop();
      for (const line of lines) log(`[${name}] ${line}`);
    });
  }
  if (onExit) child.on('exit', code => onExit(name, code));
  return child;
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops every process of a child's group, not just the first: SIGTERM, then SIGKILL after 10 s. */
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

/**
 * Polls `check` until it is true; fails when time runs out, when `isStopped()`
 * says so, or when one of `children` ({ name, child }) exits meanwhile.
 */
async function waitFor(check, what, timeoutMs, { children = [], isStopped = () => false } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (isStopped()) throw new Error(`stopped while waiting for ${what}`);
    const exited = children.find(({ child }) => child.exitCode !== null);
    if (exited) throw new Error(`${exited.name} exited with code ${exited.child.exitCode} while waiting for ${what}`);
    if (await check()) return;
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}

module.exports = { spawnLogged, stopGroup, waitFor };
