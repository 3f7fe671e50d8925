/*
 * The fault suite (`npm run chaos`): the seeded fleet, two backend replicas
 * on one fresh PostgreSQL database, users working against both, and faults
 * one after another and then overlapping; then the invariants checked and
 * the figures printed and written as JSON. Loopback only; stops by itself.
 * Exits 1 when an invariant is violated or a secret leaked.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fleetSecrets, findSecrets, findSecretsInFiles } from '../src/secrets/scan';
import { readAuditEvents } from '../src/logs/auditEvents';
import { checkInvariants, RequestRow } from './checker';
import { UserClient, UserName } from './client';
import { faultSchedule, runSchedule } from './faults';
import { Journal } from './journal';
import { FleetMonitor } from './monitor';
import { formatReport, summarise } from './report';
import {
  createDatabase,
  dropDatabase,
  missingPostgres,
  queryDatabase,
  Replica,
  startFleet,
  startReplicas,
} from './stack';
import { runWorkload, TOGGLED } from './workload';

const HELP = `Usage: npm run chaos -- [options]

  --duration S   seconds of faults and workload (default 300; npm test runs 60)
  --json FILE    where to write the figures (default test/chaos/results/<time>.json)
  --keep         keep the work directory (logs, configs) and the database
`;
const RESULTS_DIR = path.join(__dirname, 'results');
const SETTLE_MS = 60_000;

const log = (line: string) => process.stdout.write(`${line}\n`);

/** After the faults: every apply in flight finishes, or the checker says which is stuck. */
async function settle(database: string) {
  const deadline = performance.now() + SETTLE_MS;
  while (performance.now() < deadline) {
    const [{ count }] = await queryDatabase<{ count: string }>(
      database,
      `SELECT count(*) FROM "service-network".route_requests WHERE state IN ('approved', 'applying')`,
    );
    if (Number(count) === 0) return;
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

async function main() {
  const { values } = parseArgs({
    options: { duration: { type: 'string' }, json: { type: 'string' }, keep: { type: 'boolean' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    log(HELP);
    return 0;
  }
  const durationMs = Number(values.duration ?? 300) * 1000;
  if (!(durationMs >= 30_000)) throw new Error('--duration must be at least 30 seconds');
  const missing = await missingPostgres();
  if (missing) {
    if (process.env.CI) throw new Error(`The fault suite cannot run: ${missing}`);
    log(`Fault suite skipped: ${missing}`);
    // The access audit then judges the other runs alone, and says so.
    const accessLog = process.env.SERVICE_NETWORK_ACCESS_LOG_DIR;
    if (accessLog) fs.writeFileSync(path.join(accessLog, 'SKIPPED'), `fault suite skipped: ${missing}\n`);
    return 0;
  }
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'service-network-chaos-'));
  const startedAt = new Date().toISOString();
  const database = await createDatabase();
  let fleet: Awaited<ReturnType<typeof startFleet>> | undefined;
  let replicas: Replica[] = [];
  try {
    log(`Work directory ${workDir}, database ${database}`);
    fleet = await startFleet(workDir);
    const booting = performance.now();
    replicas = await startReplicas(workDir, database);
    log(`Fleet and two replicas (${replicas.map(r => r.baseUrl).join(', ')}) ready in ${((performance.now() - booting) / 1000).toFixed(1)} s`);

    const journal = new Journal();
    const clients = new Map<UserName, UserClient[]>();
    for (const user of ['developer', 'platform-admin', 'guest'] as const) {
      clients.set(user, replicas.map(r => new UserClient(user, r.baseUrl, answer => journal.answers.push(answer.text))));
    }
    const users = { of: (user: UserName) => clients.get(user)! };
    const monitorClients = replicas.map(r => new UserClient('platform-admin', r.baseUrl, () => undefined));
    const monitor = new FleetMonitor(monitorClients, () => journal.now());

    let finished = false;
    const done = () => finished;
    const schedule = faultSchedule({
      replicas,
      developer: users.of('developer')[1],
      approver: users.of('platform-admin')[0],
      approvers: users.of('platform-admin'),
      database,
      journal,
    });
    const monitoring = monitor.run(done);
    const working = runWorkload(users, journal, done);
    log(`Running ${durationMs / 1000} s of workload and faults...`);
    const faults = await runSchedule(schedule, durationMs, journal);
    // Recovery from the last faults is measured while the users go on for a little.
    await new Promise(resolve => setTimeout(resolve, 10_000));
    finished = true;
    await working;
    await monitoring;
    await settle(database);
    // The last word on each toggled service, on a healthy fleet: it must be exported.
    for (const [index, { service, clusters }] of TOGGLED.entries()) {
      const client = users.of('developer')[index % 2];
      const answer = await client.call('POST', `/entities/default/component/${service}/export`, { clusters });
      journal.exports.push({
        service,
        op: 'export',
        clusters,
        replica: client.baseUrl,
        at: journal.now(),
        status: answer.status,
        outcomes: (answer.body?.results ?? []).map((r: { cluster: string; outcome: string }) => r),
      });
    }

    const rows = await queryDatabase<RequestRow>(database, 'SELECT * FROM "service-network".route_requests');
    const audit = replicas.flatMap(r => readAuditEvents(r.logFile));
    const check = await checkInvariants({ fleet: fleet.description, rows, audit, journal });
    const secrets = fleetSecrets(fleet.description);
    // What the notifications backend stored for the requesters and approvers.
    const notifications = await queryDatabase<{ text: string }>(
      database,
      'SELECT row_to_json(n)::text AS text FROM notifications.notification n',
    );
    const leaks = [
      ...findSecretsInFiles(replicas.map(r => r.logFile), secrets),
      ...journal.answers.flatMap(text => findSecrets(text, 'an answer', secrets)),
      ...notifications.flatMap(n => findSecrets(n.text, 'a notification', secrets)),
    ];
    log(`Scanned ${journal.answers.length} answers, ${notifications.length} notifications and both replicas' logs for credentials`);
    const result = summarise({ startedAt, durationMs: Math.round(journal.now()), journal, faults, monitor, check, secrets: leaks });
    log('');
    log(formatReport(result));
    const jsonFile = path.resolve(values.json ?? path.join(RESULTS_DIR, `${startedAt.replace(/[:.]/g, '-')}.json`));
    fs.mkdirSync(path.dirname(jsonFile), { recursive: true });
    fs.writeFileSync(jsonFile, `${JSON.stringify(result, null, 2)}\n`);
    log(`\nFigures written to ${jsonFile}; logs in ${workDir}`);
    return result.violations.length || leaks.length ? 1 : 0;
  } finally {
    await Promise.all(replicas.map(r => r.process.stop()));
    await fleet?.process.stop();
    if (!values.keep) await dropDatabase(database);
  }
}

main().then(
  code => process.exit(code),
  error => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  },
);
