#!/usr/bin/env node
/*
 * `npm start`: the product on its embedded default (simulated fleet, SQLite in
 * memory, guest sign-in). Ctrl-C stops everything.
 */
const { startStack } = require('../test/stack');

async function main() {
  let stack;
  const shutdown = async code => {
    if (stack) await stack.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));

  stack = await startStack({
    onExit: (name, code) => {
      process.stdout.write(`[${name}] exited with code ${code}; stopping everything\n`);
      shutdown(code || 1);
    },
  });
  process.stdout.write(
    `\nService Network is up in ${Math.round(stack.timings.frontendMs / 1000)} s: open http://localhost:3000 (guest sign-in).\n` +
      `Backend http://localhost:7007, fleet admin ${stack.fleet.admin}, kubeconfig ${stack.fleet.kubeconfig}. Ctrl-C stops everything.\n\n`,
  );
}

main().catch(error => {
  process.stderr.write(`npm start failed: ${error.message}\n`);
  process.exit(1);
});
