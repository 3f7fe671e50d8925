/*
 * Starts a simulated fleet and keeps it running until interrupted.
 *
 *   npm run fleet                                  the seeded demo on fixed ports (6443...)
 *   npm run fleet -- --clusters 50 --services 2000 a large fleet for benchmarks
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startFleet } from './fleet/fleet';
import { loadFleetCrds } from './kube/crdManifests';
import { startFleetAdmin } from './fleet/admin';
import { closeOnSignals, latticeConnection, writeReadyFile } from './fleet/fleetProcess';
import { seedDemoFleet, seedLargeFleet } from './fleet/seed';
import { loadOrCreateServingCertificate } from './fleet/tls';

const HELP = `Usage: npm run fleet -- [options]

  --clusters N            workload clusters (default 2; the demo seed needs 2)
  --services N            seed a large fleet with N services per workload cluster instead of the demo
  --base-port P           config cluster on P, workload-i on P+i, Lattice on P+1000 (default 6443)
  --admin-port P          fault-injection and request-count endpoint (default 6400)
  --reconcile-delay-ms N  controller delay before each reconcile (default 2000, to show progress)
  --pod-ready-delay-ms N  how long a started pod takes to become Ready (default 1000)
  --latency-ms N          latency added to every Kubernetes API request (default 0)
  --kubeconfig FILE       where to write the kubeconfig (default test/.fleet/kubeconfig)
  --ready-file FILE       write the fleet description as JSON here once ready
  --help
`;

function integer(value: string | undefined, fallback: number, name: string) {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`--${name} must be a whole number, got "${value}"`);
  return parsed;
}

async function main() {
  const { values } = parseArgs({
    options: {
      clusters: { type: 'string' },
      services: { type: 'string' },
      'base-port': { type: 'string' },
      'admin-port': { type: 'string' },
      'reconcile-delay-ms': { type: 'string' },
      'pod-ready-delay-ms': { type: 'string' },
      'latency-ms': { type: 'string' },
      kubeconfig: { type: 'string' },
      'ready-file': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const large = values.services !== undefined;
  const workloadClusters = integer(values.clusters, 2, 'clusters');
  if (!large && workloadClusters !== 2) {
    throw new Error('The demo seed has two workload clusters; pass --services to seed a fleet of another size');
  }
  const latencyMs = integer(values['latency-ms'], 0, 'latency-ms');

  const packageDir = path.dirname(require.resolve('@service-network/simulated-fleet/package.json'));
  const stateDir = path.join(packageDir, '.fleet');
  const started = performance.now();
  const crds = loadFleetCrds();
  const fleet = await startFleet({
    crds: crds.crds,
    // Kept across runs: app-config points at its CA file.
    tls: loadOrCreateServingCertificate(stateDir),
    workloadClusters,
    basePort: integer(values['base-port'], 6443, 'base-port'),
    reconcileDelayMs: integer(values['reconcile-delay-ms'], 2000, 'reconcile-delay-ms'),
    // The demo's workload clusters are also one MCS clusterset, one GKE fleet, one Cilium mesh, linked by Linkerd and one Istio mesh.
    mcsClusterset: !large,
    gkeFleet: !large,
    ciliumMesh: !large,
    linkerdMulticluster: !large,
    istioMesh: !large,
    podReadyDelayMs: integer(values['pod-ready-delay-ms'], 1000, 'pod-ready-delay-ms'),
    podTerminationDelayMs: 1000,
  });
  const serving = performance.now();
  if (large) {
    seedLargeFleet(fleet, { servicesPerCluster: integer(values.services, 2000, 'services') });
  } else {
    seedDemoFleet(fleet);
  }
  const seeded = performance.now();
  for (const cluster of fleet.clusters) cluster.server.faults.latencyMs = latencyMs;
  const admin = await startFleetAdmin(fleet, { port: integer(values['admin-port'], 6400, 'admin-port') });

  const kubeconfigPath = path.resolve(values.kubeconfig ?? path.join(stateDir, 'kubeconfig'));
  fs.mkdirSync(path.dirname(kubeconfigPath), { recursive: true });
  fs.writeFileSync(kubeconfigPath, fleet.kubeconfig(), { mode: 0o600 });

  const description = {
    clusters: fleet.clusters.map(c => ({
      name: c.name,
      role: c.role,
      url: c.url,
      token: c.token,
      readOnlyToken: c.readOnlyToken,
      backendToken: c.backendToken,
    })),
    caFile: path.join(stateDir, 'ca.crt'),
    lattice: latticeConnection(fleet),
    admin: admin.url,
    kubeconfig: kubeconfigPath,
    timings: {
      serveMs: Math.round(serving - started),
      seedMs: Math.round(seeded - serving),
    },
    memory: { rssMb: Math.round(process.memoryUsage().rss / 2 ** 20) },
  };

  const rows = description.clusters.map(
    c => `  ${c.name.padEnd(12)} ${c.role.padEnd(9)} ${c.url.padEnd(24)} ${c.token.padEnd(22)} ${c.backendToken}`,
  );
  process.stdout.write(
    [
      `Simulated fleet ready (${large ? `${workloadClusters} x ${values.services} services` : 'demo seed'}):`,
      `  ${'cluster'.padEnd(12)} ${'role'.padEnd(9)} ${'url'.padEnd(24)} ${'admin token'.padEnd(22)} backend token (deploy/kubernetes RBAC)`,
      ...rows,
      `  VPC Lattice   ${fleet.lattice.url}  region ${fleet.lattice.region}, account ${fleet.lattice.accountId}, key ${fleet.lattice.accessKeyId} (backend: ${fleet.lattice.backendAccessKeyId}, deploy/aws/iam-policy.json)`,
      `  admin         ${admin.url}  (GET /fleet, /requests; PUT /faults/clusters/<name>, /faults/lattice)`,
      crds.source === 'reference'
        ? `  CRDs          the real upstream ones, with their CEL rules (${crds.dir})`
        : `  CRDs          the project's own (${crds.dir}); the real ones were not found beside the repository`,
      `  kubeconfig    ${kubeconfigPath}   (kubectl --kubeconfig ${kubeconfigPath} --context workload-1 get svc)`,
      `  serving in ${description.timings.serveMs} ms, seeded in ${description.timings.seedMs} ms, RSS ${description.memory.rssMb} MB`,
      '',
    ].join('\n'),
  );
  if (values['ready-file']) writeReadyFile(values['ready-file'], description);
  closeOnSignals(fleet, admin);
}

main().catch(error => {
  process.stderr.write(`${error.message ?? error}\n`);
  process.exit(1);
});
