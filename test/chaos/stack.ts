/*
 * What the fault suite runs against: the seeded fleet on its fixed ports,
 * a fresh PostgreSQL database, and two backend replicas (the dev backend,
 * each its own process) sharing it. A replica can be killed and started
 * again; everything is stopped and the database dropped at the end.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import { stringify } from 'yaml';
import { BenchProcess, startTsProcess, waitFor } from '../bench/processes';

const ROOT = path.resolve(__dirname, '..', '..');
const BACKEND_DIR = path.join(ROOT, 'plugins', 'service-network-backend');
export const FLEET_ADMIN = 'http://127.0.0.1:6400';
export const REPLICA_PORTS = [7007, 7017] as const;
/** The machine's server, as the store tests find it. */
const PG_URL = new URL(
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ?? 'postgresql://postgres@127.0.0.1:5432',
);
const PG = {
  host: PG_URL.hostname,
  port: Number(PG_URL.port || 5432),
  user: decodeURIComponent(PG_URL.username || 'postgres'),
  password: decodeURIComponent(PG_URL.password) || undefined,
};
const BOOT_TIMEOUT_MS = 240_000;

export interface FleetDescription {
  clusters: Array<{ name: string; role: string; url: string; token: string; readOnlyToken: string; backendToken: string }>;
  caFile: string;
  lattice: { url: string; accessKeyId: string; secretAccessKey: string };
  admin: string;
}

/** One backend replica; a kill and a start keep its port, config and log. */
export class Replica {
  process: BenchProcess;

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly configFile: string,
    /** Every start of this replica appends to one log. */
    readonly logFile: string,
  ) {
    this.process = this.spawn();
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** SIGKILL: no shutdown hook runs, no lease is released. */
  kill(): void {
    process.kill(this.process.pid, 'SIGKILL');
  }

  async start(): Promise<void> {
    this.process = this.spawn();
    await this.ready();
  }

  async ready(): Promise<void> {
    await waitFor(
      `replica ${this.name} to be ready`,
      async () => {
        let health;
        try {
          const response = await fetch(`${this.baseUrl}/api/service-network/health`, {
            signal: AbortSignal.timeout(2000),
          });
          health = await response.json();
        } catch {
          return undefined;
        }
        if (health.status === 'not-configured') {
          throw new Error(`replica ${this.name} is not configured (${JSON.stringify(health)}); see ${this.logFile}`);
        }
        return health.status === 'ok' ? true : undefined;
      },
      { timeoutMs: BOOT_TIMEOUT_MS, intervalMs: 250, process: this.process },
    );
  }

  private spawn(): BenchProcess {
    return startTsProcess({
      name: `replica ${this.name}`,
      script: path.join(BACKEND_DIR, 'dev', 'index.ts'),
      args: ['--config', path.join(ROOT, 'app-config.yaml'), '--config', this.configFile],
      logFile: this.logFile,
      append: true,
      // The dev backend's relative paths (catalog files, the fleet's CA) resolve from its package.
      cwd: BACKEND_DIR,
      env: { NODE_ENV: 'development' },
    });
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

async function pg<T>(database: string, action: (client: Knex) => Promise<T>): Promise<T> {
  const client = knexFactory({ client: 'pg', connection: { ...PG, database }, pool: { min: 0, max: 1 } });
  try {
    return await action(client);
  } finally {
    await client.destroy();
  }
}

/** The replicas' shared database: one schema per plugin, as a single-database deployment has it. */
/** Why the suite cannot run here, if it cannot: no PostgreSQL to reach. */
export async function missingPostgres(): Promise<string | undefined> {
  try {
    await pg('postgres', client => client.raw('SELECT 1'));
    return undefined;
  } catch (error) {
    return `no PostgreSQL at ${PG.host}:${PG.port} (${error.message ?? error})`;
  }
}

export async function createDatabase(): Promise<string> {
  const name = `sn_chaos_${Date.now()}_${process.pid}`;
  await pg('postgres', client => client.raw(`CREATE DATABASE ${name}`));
  return name;
}

export async function dropDatabase(name: string): Promise<void> {
  await pg('postgres', client => client.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** Runs `query` against the database, reconnecting while the server restarts. */
export async function queryDatabase<T>(database: string, query: string): Promise<T[]> {
  return waitFor(
    'the database to answer',
    async () => {
      try {
        return await pg(database, async client => (await client.raw(query)).rows as T[]);
      } catch {
        return undefined;
      }
    },
    { timeoutMs: 60_000, intervalMs: 500 },
  );
}

/** The machine's PostgreSQL cluster, for pg_ctlcluster (`15 main`). */
function postgresCluster(): [string, string] {
  const versions = fs
    .readdirSync('/etc/postgresql')
    .filter(entry => /^\d+$/.test(entry))
    .sort((a, b) => Number(b) - Number(a));
  if (!versions.length) throw new Error('No PostgreSQL cluster in /etc/postgresql');
  return [versions[0], 'main'];
}

/** Restarts the PostgreSQL server under both replicas; answers how long it was down. */
export async function restartPostgres(): Promise<number> {
  const started = performance.now();
  // Not execFileSync: that would stop the users' clocks too, and their answers would look slow.
  await promisify(execFile)('pg_ctlcluster', ['--skip-systemctl-redirect', ...postgresCluster(), 'restart']);
  await queryDatabase('postgres', 'SELECT 1');
  return Math.round(performance.now() - started);
}

export async function startFleet(workDir: string): Promise<{ process: BenchProcess; description: FleetDescription }> {
  for (const url of [FLEET_ADMIN, ...REPLICA_PORTS.map(port => `http://127.0.0.1:${port}`)]) {
    if (await answers(url)) throw new Error(`${url} already answers: stop what runs there first (npm start, e2e)`);
  }
  const readyFile = path.join(workDir, 'fleet-ready.json');
  const child = startTsProcess({
    name: 'fleet',
    script: path.join(ROOT, 'test', 'src', 'cli.ts'),
    // The controller reconciles at once, so applies and exports settle within the run's short phases.
    args: ['--ready-file', readyFile, '--reconcile-delay-ms', '0', '--pod-ready-delay-ms', '0'],
    logFile: path.join(workDir, 'fleet.log'),
  });
  const description = await waitFor(
    'the simulated fleet',
    async () => (fs.existsSync(readyFile) ? (JSON.parse(fs.readFileSync(readyFile, 'utf8')) as FleetDescription) : undefined),
    { timeoutMs: 120_000, intervalMs: 200, process: child },
  );
  return { process: child, description };
}

/** The dev backend's app-config, moved to the replica's port and the shared database. */
function replicaConfig(port: number, database: string) {
  return {
    backend: {
      baseUrl: `http://127.0.0.1:${port}`,
      listen: { host: '127.0.0.1', port },
      database: { client: 'pg', connection: { ...PG, database }, pluginDivisionMode: 'schema' },
    },
    serviceNetwork: {
      refresh: { latticeIntervalSeconds: 5 },
      // Requests nobody decides expire within the run.
      routeRequests: { checkIntervalSeconds: 5, expireAfterHours: 0.01 },
    },
  };
}

export function writeReplicaConfig(workDir: string, name: string, port: number, database: string): string {
  const file = path.join(workDir, `app-config.${name}.yaml`);
  fs.writeFileSync(file, stringify(replicaConfig(port, database)));
  return file;
}

/**
 * Starts the replicas one after the other. Started together on a fresh
 * database, Backstage's own plugins (auth, catalog, the scheduler) race to
 * create their schemas and knex's tables and fail; the route request
 * store's own race is covered by its tests.
 */
export async function startReplicas(workDir: string, database: string): Promise<Replica[]> {
  const replicas: Replica[] = [];
  for (const [index, port] of REPLICA_PORTS.entries()) {
    const name = String.fromCharCode(97 + index);
    const logFile = path.join(workDir, `replica-${name}.log`);
    const replica = new Replica(name, port, writeReplicaConfig(workDir, name, port, database), logFile);
    replicas.push(replica);
    await replica.ready();
  }
  return replicas;
}
