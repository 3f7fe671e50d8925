/*
 * A benchmark backend: the catalog, guest sign-in (so the benchmark calls
 * as a user, as the entity page does) and one of the two plugins compared.
 * Run with --expose-gc, it answers a `collect-garbage` message from the
 * benchmark with its live heap after a full collection.
 *
 *   backend.ts service-network --config <file>
 *   backend.ts kubernetes --config <file>
 */
import { createBackend } from '@backstage/backend-defaults';

const plugins = {
  'service-network': () => import('@service-network/backstage-plugin-service-network-backend'),
  kubernetes: () => import('@backstage/plugin-kubernetes-backend'),
};

const which = process.argv[2] as keyof typeof plugins;
if (!plugins[which]) {
  process.stderr.write(`Usage: backend.ts ${Object.keys(plugins).join('|')} --config <file>\n`);
  process.exit(2);
}

const backend = createBackend();
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(plugins[which]());
// A plugin that fails to start leaves the backend answering 503 forever: end, and the benchmark says where the log is.
backend.start().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});

process.on('message', (message: { type?: string }) => {
  if (message?.type !== 'collect-garbage' || !global.gc) return;
  global.gc();
  const { heapUsed, heapTotal } = process.memoryUsage();
  process.send!({ type: 'collect-garbage', heapUsed, heapTotal });
});
