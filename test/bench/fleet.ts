/*
 * The benchmark's fleet process: a large simulated fleet whose objects carry
 * the Kubernetes plugin's `backstage.io/kubernetes-id` label, with latency on
 * every Kubernetes API request and every VPC Lattice API request (AWS is as
 * far away as the clusters). It writes its description to the ready file
 * only once every controller has settled, so both backends meet the same
 * finished fleet.
 */
import { parseArgs } from 'node:util';
import {
  closeOnSignals,
  latticeConnection,
  seedLargeFleet,
  startFleet,
  startFleetAdmin,
  writeReadyFile,
} from '../src';
import type { FleetDescription } from './fleetProcess';

async function main() {
  const { values } = parseArgs({
    options: {
      clusters: { type: 'string' },
      services: { type: 'string' },
      namespaces: { type: 'string' },
      'latency-ms': { type: 'string' },
      'base-port': { type: 'string' },
      'admin-port': { type: 'string' },
      'ready-file': { type: 'string' },
    },
  });
  const number = (name: keyof typeof values) => Number(values[name]);
  const started = performance.now();
  const fleet = await startFleet({ workloadClusters: number('clusters'), basePort: number('base-port') });
  const serving = performance.now();
  seedLargeFleet(fleet, {
    servicesPerCluster: number('services'),
    namespaces: number('namespaces'),
    kubernetesIdLabels: true,
  });
  const seeded = performance.now();
  await fleet.idle();
  const settled = performance.now();
  for (const cluster of fleet.clusters) cluster.server.faults.latencyMs = number('latency-ms');
  fleet.lattice.server.faults.latencyMs = number('latency-ms');
  const admin = await startFleetAdmin(fleet, { port: number('admin-port') });

  const description: FleetDescription = {
    clusters: fleet.clusters.map(c => ({ name: c.name, role: c.role, url: c.url, token: c.token, caData: c.caData! })),
    lattice: {
      ...latticeConnection(fleet),
      targetGroups: fleet.lattice.state.listTargetGroups().length,
    },
    admin: admin.url,
    timings: {
      serveMs: Math.round(serving - started),
      seedMs: Math.round(seeded - serving),
      settleMs: Math.round(settled - seeded),
    },
  };
  writeReadyFile(values['ready-file']!, description);
  closeOnSignals(fleet, admin);
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
