/*
 * The invariants of issue 16, checked after the run against what is really
 * there: the route requests in the database, every write the fleet stored
 * (who wrote which object), the objects in the clusters, and the audit
 * events in both replicas' logs.
 */
import fs from 'node:fs';
import https from 'node:https';
import type { AuditEvent } from '../src/logs/auditEvents';
import type { Journal } from './journal';
import { FLEET_ADMIN, FleetDescription } from './stack';
import { TOGGLED } from './workload';

export interface RequestRow {
  id: string;
  state: string;
  route_name: string;
  plan: string;
  attempts: number;
  decided_by: string | null;
  apply_results: string | null;
  retryable: boolean;
  live_at: string | null;
}

interface WriteRecord {
  verb: string;
  resource: string;
  namespace?: string;
  name?: string;
  user: string;
}

export interface Violation {
  invariant: string;
  detail: string;
}

export interface CheckResult {
  requests: Record<string, number>;
  writesChecked: number;
  violations: Violation[];
}

const ROUTES = 'httproutes.gateway.networking.k8s.io';
const IMPORTS = 'serviceimports.application-networking.k8s.aws';
const BACKEND_USER = 'system:serviceaccount:backstage:service-network';
const OPEN = new Set(['pending', 'approved', 'applying', 'failed']);
/** Which audit event each closing state needs, succeeded. */
const CLOSING_EVENT: Record<string, string> = {
  rejected: 'route-request-reject',
  cancelled: 'route-request-cancel',
  expired: 'route-request-expire',
};

/** GET with the cluster's admin token, verifying the fleet's CA. */
function getFromCluster(fleet: FleetDescription, cluster: string, path: string): Promise<any> {
  const { url, token } = fleet.clusters.find(c => c.name === cluster)!;
  const ca = fs.readFileSync(fleet.caFile);
  return new Promise((resolve, reject) => {
    https
      .get(new URL(path, url), { ca, headers: { authorization: `Bearer ${token}` } }, res => {
        let text = '';
        res.on('data', chunk => (text += chunk));
        res.on('end', () => resolve(JSON.parse(text)));
      })
      .on('error', reject);
  });
}

async function names(fleet: FleetDescription, cluster: string, path: string): Promise<Set<string>> {
  const list = await getFromCluster(fleet, cluster, path);
  return new Set((list.items ?? []).map((o: { metadata: { name: string } }) => o.metadata.name));
}

export async function checkInvariants(options: {
  fleet: FleetDescription;
  rows: RequestRow[];
  audit: AuditEvent[];
  journal: Journal;
}): Promise<CheckResult> {
  const { fleet, rows, audit, journal } = options;
  const violations: Violation[] = [];
  const violate = (invariant: string, detail: string) => violations.push({ invariant, detail });
  const writes: Record<string, WriteRecord[]> = await (await fetch(`${FLEET_ADMIN}/writes`)).json();
  const configWrites = writes.config.filter(w => w.user === BACKEND_USER && w.namespace === 'default');
  const writesOf = (resource: string, name: string) =>
    configWrites.filter(w => w.resource === resource && w.name === name).length;
  const routes = await names(fleet, 'config', '/apis/gateway.networking.k8s.io/v1/namespaces/default/httproutes');
  const byId = new Map(rows.map(row => [row.id, row]));
  const states: Record<string, number> = {};

  // None lost: every request a user was told exists is stored.
  for (const [id, created] of journal.created) {
    if (!byId.has(id)) violate('none lost', `request ${id} (${created.routeName}) was created but is not stored`);
  }

  const importAttempts = new Map<string, number>();
  for (const row of rows) {
    states[row.state] = (states[row.state] ?? 0) + 1;
    const plan = JSON.parse(row.plan) as { objects: Array<{ object: { kind: string; metadata: { name: string } } }> };
    const attempts = Number(row.attempts);
    for (const planned of plan.objects) {
      if (planned.object.kind === 'ServiceImport') {
        const name = planned.object.metadata.name;
        importAttempts.set(name, (importAttempts.get(name) ?? 0) + attempts);
      }
    }
    const routeWrites = writesOf(ROUTES, row.route_name);
    // Applied once per approval: no more writes of the route than apply attempts.
    if (routeWrites > attempts) {
      violate('applied once', `${row.id} (${row.route_name}, ${row.state}): route written ${routeWrites} times in ${attempts} attempts`);
    }
    if (row.state === 'applied' && !routes.has(row.route_name)) {
      violate('nothing half-applied', `${row.id} is applied but its route ${row.route_name} is not in the config cluster`);
    }
    if (attempts === 0 && routeWrites > 0) {
      violate('nothing written unless approved', `${row.id} (${row.state}, never applied) has ${routeWrites} writes of its route`);
    }
    if (row.state !== 'applied' && routes.has(row.route_name)) {
      const results = JSON.parse(row.apply_results ?? '[]') as Array<{ object?: { kind: string }; outcome: string }>;
      const said = results.some(r => r.object?.kind === 'HTTPRoute' && r.outcome === 'applied');
      if (!said) violate('nothing half-applied', `${row.id} is ${row.state}, its route exists and the request does not say it was applied`);
    }
    if (row.state === 'applying' || row.state === 'approved') {
      violate('none stuck', `${row.id} is still ${row.state} after the run settled`);
    }
    if (!OPEN.has(row.state) && row.state !== 'applied' && !CLOSING_EVENT[row.state]) {
      violate('known states', `${row.id} is in an unknown state ${row.state}`);
    }
    checkAudit(row, audit, violate);
  }
  for (const [name, attempts] of importAttempts) {
    const count = writesOf(IMPORTS, name);
    if (count > attempts) violate('applied once', `ServiceImport ${name} written ${count} times for ${attempts} apply attempts`);
  }
  const ours = new Set(rows.map(r => r.route_name));
  for (const write of configWrites.filter(w => w.resource === ROUTES)) {
    if (write.name && write.name.startsWith('chaos-') && !ours.has(write.name)) {
      violate('nothing written unless approved', `route ${write.name} was written without a stored request`);
    }
  }
  await checkExports(fleet, journal, violate);
  return { requests: states, writesChecked: configWrites.length, violations };
}

function checkAudit(row: RequestRow, audit: AuditEvent[], violate: (i: string, d: string) => void) {
  const of = (eventId: string, status: string) =>
    audit.filter(e => e.eventId === eventId && e.status === status && e.meta.requestId === row.id).length;
  if (of('route-request-create', 'succeeded') !== 1) {
    violate('audited', `${row.id}: ${of('route-request-create', 'succeeded')} successful create events`);
  }
  const closing = CLOSING_EVENT[row.state];
  if (closing && of(closing, 'succeeded') < 1) violate('audited', `${row.id} is ${row.state} without a ${closing} event`);
  const applies = of('route-request-apply', 'initiated');
  if (applies !== Number(row.attempts)) {
    violate('audited', `${row.id}: ${applies} apply events for ${row.attempts} attempts`);
  }
  // A decision's event may stop at initiated: the replica deciding was killed mid-apply.
  const decisions = ['initiated', 'succeeded', 'failed'].reduce(
    (sum, status) => sum + of('route-request-approve', status) + of('route-request-reject', status),
    0,
  );
  if (row.decided_by && decisions < 1) {
    violate('audited', `${row.id} was decided by ${row.decided_by} without a decision event`);
  }
  if (row.live_at && of('route-request-live', 'succeeded') < 1) violate('audited', `${row.id} went live without a live event`);
}

/** Every export users asked for last exists, unless its answer said it failed there. */
async function checkExports(fleet: FleetDescription, journal: Journal, violate: (i: string, d: string) => void) {
  for (const { service, clusters } of TOGGLED) {
    const last = [...journal.exports].reverse().find(op => op.service === service && op.status > 0);
    if (!last) continue;
    for (const cluster of clusters) {
      const outcome = last.outcomes.find(o => o.cluster === cluster)?.outcome;
      if (!outcome || outcome === 'failed') continue;
      const exists = (
        await names(fleet, cluster, '/apis/application-networking.k8s.aws/v1alpha1/namespaces/default/serviceexports')
      ).has(service);
      const expected = last.op === 'export';
      if (exists !== expected) {
        violate(
          'exports as asked',
          `${service} in ${cluster}: the last ${last.op} answered ${outcome}, but the ServiceExport ${exists ? 'exists' : 'is missing'}`,
        );
      }
    }
  }
}
