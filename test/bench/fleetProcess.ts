/*
 * The parent's side of the fleet process: start it, read its description,
 * and ask its admin endpoint how many requests each cluster received and
 * how many watches are open.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BenchProcess, startTsProcess, waitFor } from './processes';

export interface FleetDescription {
  clusters: Array<{ name: string; role: 'config' | 'workload'; url: string; token: string; caData: string }>;
  lattice: {
    url: string;
    region: string;
    accountId: string;
    accessKeyId: string;
    secretAccessKey: string;
    targetGroups: number;
  };
  admin: string;
  timings: { serveMs: number; seedMs: number; settleMs: number };
}

export interface FleetSize {
  clusters: number;
  services: number;
  namespaces: number;
  latencyMs: number;
}

/** As the fleet's request log reports them: counts by verb (`list`, `watch`, ...) and by resource. */
interface ClusterRequestCounts {
  total: number;
  byVerb: Record<string, number>;
  byResource: Record<string, Record<string, number>>;
}

export interface FleetRequests {
  clusters: Record<string, ClusterRequestCounts>;
  lattice: { total: number; byOperation: Record<string, number> };
}

export interface RunningFleet {
  process: BenchProcess;
  description: FleetDescription;
  /** Zeroes every cluster's and Lattice's request counts. */
  resetRequests(): Promise<void>;
  requests(): Promise<FleetRequests>;
  /** Open watch streams per cluster. */
  openWatches(): Promise<Record<string, number>>;
}

export const FLEET_BASE_PORT = 26443;
const ADMIN_PORT = 26400;

async function admin<T>(description: FleetDescription, method: string, route: string): Promise<T> {
  const response = await fetch(`${description.admin}${route}`, { method });
  if (!response.ok) throw new Error(`fleet admin ${method} ${route}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export async function startFleetProcess(size: FleetSize, workDir: string): Promise<RunningFleet> {
  const readyFile = path.join(workDir, 'fleet-ready.json');
  fs.rmSync(readyFile, { force: true });
  const child = startTsProcess({
    name: 'fleet',
    script: path.join(__dirname, 'fleet.ts'),
    args: [
      ['--clusters', size.clusters],
      ['--services', size.services],
      ['--namespaces', size.namespaces],
      ['--latency-ms', size.latencyMs],
      ['--base-port', FLEET_BASE_PORT],
      ['--admin-port', ADMIN_PORT],
      ['--ready-file', readyFile],
    ].flatMap(([flag, value]) => [String(flag), String(value)]),
    logFile: path.join(workDir, 'fleet.log'),
  });
  const description = await waitFor(
    'the fleet to be seeded and settled',
    async () => (fs.existsSync(readyFile) ? (JSON.parse(fs.readFileSync(readyFile, 'utf8')) as FleetDescription) : undefined),
    { timeoutMs: 180_000, intervalMs: 200, process: child },
  );
  return {
    process: child,
    description,
    resetRequests: async () => {
      await admin(description, 'POST', '/requests/reset');
    },
    requests: () => admin<FleetRequests>(description, 'GET', '/requests'),
    async openWatches() {
      const fleet = await admin<{ clusters: Array<{ name: string; faults: { openWatches: number } }> }>(
        description,
        'GET',
        '/fleet',
      );
      return Object.fromEntries(fleet.clusters.map(c => [c.name, c.faults.openWatches]));
    },
  };
}
