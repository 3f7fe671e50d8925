/*
 * The fleet's admin endpoint: fault injection and request counts over HTTP,
 * for people poking at the dev setup and for tests that run the fleet in
 * another process. Tests in-process use fleet.cluster(x).server.faults directly.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { Fleet } from './fleet';

export interface FleetAdminServer {
  url: string;
  close(): Promise<void>;
}

class AdminError extends Error {
  constructor(readonly statusCode: number, message: string) {
    super(message);
  }
}

const CLUSTER_FAULT_KEYS = ['latencyMs', 'errorRate', 'writeErrorRate', 'unreachable'] as const;
const LATTICE_FAULT_KEYS = ['latencyMs', 'throttleRate', 'errorRate', 'unreachable'] as const;

/** Copies the known, well-typed keys of a JSON body onto a faults object; rejects anything else. */
function applyFaultPatch(target: Record<string, unknown>, body: unknown, keys: readonly string[]) {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new AdminError(400, 'Expected a JSON object');
  }
  for (const [key, value] of Object.entries(body)) {
    if (!keys.includes(key)) {
      throw new AdminError(400, `Unknown fault "${key}"; known: ${keys.join(', ')}`);
    }
    const expected = key === 'unreachable' ? 'boolean' : 'number';
    if (typeof value !== expected) throw new AdminError(400, `"${key}" must be a ${expected}`);
    if (key.endsWith('Rate') && ((value as number) < 0 || (value as number) > 1)) {
      throw new AdminError(400, `"${key}" must be between 0 and 1`);
    }
    if (key === 'latencyMs' && (value as number) < 0) {
      throw new AdminError(400, '"latencyMs" must not be negative');
    }
  }
  Object.assign(target, body);
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AdminError(400, 'Body is not valid JSON');
  }
}

function describe(fleet: Fleet) {
  return {
    clusters: fleet.clusters.map(c => ({
      name: c.name,
      role: c.role,
      url: c.url,
      vpcId: c.vpcId,
      faults: c.server.faults.snapshot(),
    })),
    lattice: {
      url: fleet.lattice.url,
      region: fleet.lattice.region,
      accountId: fleet.lattice.accountId,
      faults: fleet.lattice.server.faults.snapshot(),
    },
  };
}

function requestCounts(fleet: Fleet) {
  return {
    clusters: Object.fromEntries(fleet.clusters.map(c => [c.name, c.server.requests.snapshot()])),
    lattice: {
      total: fleet.lattice.server.requests.total,
      byOperation: fleet.lattice.server.requests.byOperation,
    },
  };
}

async function route(fleet: Fleet, req: http.IncomingMessage): Promise<unknown> {
  const path = new URL(req.url ?? '/', 'http://admin').pathname;
  const method = req.method ?? 'GET';
  const clusterFault = path.match(/^\/faults\/clusters\/([^/]+)(?:\/(drop-watches|expire-watches))?$/);

  if (method === 'GET' && path === '/fleet') return describe(fleet);
  if (method === 'GET' && path === '/requests') return requestCounts(fleet);
  if (method === 'GET' && path === '/writes') {
    return Object.fromEntries(fleet.clusters.map(c => [c.name, c.server.requests.writes()]));
  }
  if (method === 'POST' && path === '/requests/reset') {
    fleet.clusters.forEach(c => c.server.requests.reset());
    fleet.lattice.server.requests.reset();
    return requestCounts(fleet);
  }
  if (clusterFault) {
    const cluster = fleet.clusters.find(c => c.name === decodeURIComponent(clusterFault[1]));
    if (!cluster) throw new AdminError(404, `No cluster named ${clusterFault[1]}`);
    if (method === 'POST' && clusterFault[2]) {
      if (clusterFault[2] === 'drop-watches') cluster.server.faults.dropWatches();
      else cluster.server.faults.expireWatches();
      return cluster.server.faults.snapshot();
    }
    if (method === 'PUT' && !clusterFault[2]) {
      applyFaultPatch(cluster.server.faults as unknown as Record<string, unknown>, await readJson(req), CLUSTER_FAULT_KEYS);
      return cluster.server.faults.snapshot();
    }
  }
  if (method === 'PUT' && path === '/faults/lattice') {
    const faults = fleet.lattice.server.faults;
    applyFaultPatch(faults as unknown as Record<string, unknown>, await readJson(req), LATTICE_FAULT_KEYS);
    return faults.snapshot();
  }
  throw new AdminError(404, `No admin route ${method} ${path}`);
}

export async function startFleetAdmin(
  fleet: Fleet,
  options: { host?: string; port?: number } = {},
): Promise<FleetAdminServer> {
  const server = http.createServer((req, res) => {
    route(fleet, req).then(
      body => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      },
      error => {
        const statusCode = error instanceof AdminError ? error.statusCode : 500;
        res.writeHead(statusCode, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: String(error.message ?? error) }));
      },
    );
  });
  await new Promise<void>(resolve => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise(resolve => server.close(() => resolve())),
  };
}
