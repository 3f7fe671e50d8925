/*
 * The users of the run, each a loop until the deadline: people viewing
 * service pages, a developer exporting and unexporting services and asking
 * for routes, and the platform team deciding every request at both
 * replicas at once, as two approvers clicking together would.
 */
import { Answer, UserClient, UserName } from './client';
import type { Fate, Journal } from './journal';

export const SERVICES = ['service-1', 'service-2', 'service-3', 'service-4', 'service-5'];
/** What the exporter toggles: a service exported nowhere yet, and one exported in one cluster only. */
export const TOGGLED = [
  { service: 'service-5', clusters: ['workload-1', 'workload-2'] },
  { service: 'service-3', clusters: ['workload-2'] },
];
/** Most requests are approved; some rejected, cancelled by the requester, or left to expire. */
const FATES: Fate[] = ['approve', 'approve', 'approve', 'approve', 'approve', 'approve', 'reject', 'reject', 'cancel', 'expire'];

export interface Users {
  /** Per user, one client for each replica, in replica order. */
  of(user: UserName): UserClient[];
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function statusRoute(service: string) {
  return `/entities/default/component/${service}/status`;
}

async function loop(until: () => boolean, pauseMs: number, step: (round: number) => Promise<void>) {
  for (let round = 0; !until(); round++) {
    await step(round);
    await sleep(pauseMs);
  }
}

export function routeRequestBody(service: string, routeName: string) {
  return {
    entityRef: `component:default/${service}`,
    routeName,
    gateway: { name: 'gateway-1', namespace: 'default' },
    listener: 'http',
    kind: 'HTTP',
    backends: [
      { cluster: 'workload-1', weight: 1 },
      { cluster: 'workload-2', weight: 1 },
    ],
    reason: 'The fault suite asks for it',
  };
}

export function exportOutcomes(answer: Answer): Array<{ cluster: string; outcome: string }> {
  const results = answer.body?.results;
  return Array.isArray(results) ? results.map((r: { cluster: string; outcome: string }) => ({ cluster: r.cluster, outcome: r.outcome })) : [];
}

export async function runWorkload(users: Users, journal: Journal, done: () => boolean): Promise<void> {
  const [devA, devB] = users.of('developer');
  const developer = [devA, devB];
  const admins = users.of('platform-admin');
  const viewers = [...users.of('guest'), ...developer];
  let routes = 0;

  const pageViews = (viewer: UserClient, index: number) =>
    loop(done, 100, async round => {
      const answer = await viewer.call('GET', statusRoute(SERVICES[(round + index) % SERVICES.length]));
      journal.count('status page', answer);
      journal.statusAnswered(answer);
    });

  const exporter = loop(done, 3000, async round => {
    const { service, clusters } = TOGGLED[round % TOGGLED.length];
    const op = Math.floor(round / TOGGLED.length) % 2 === 0 ? 'export' : 'unexport';
    const client = developer[round % 2];
    const answer = await client.call('POST', `/entities/default/component/${service}/${op}`, { clusters });
    journal.count(op, answer);
    journal.exports.push({
      service,
      op,
      clusters,
      replica: client.baseUrl,
      at: journal.now(),
      status: answer.status,
      outcomes: exportOutcomes(answer),
    });
  });

  const requester = loop(done, 2500, async () => {
    const n = ++routes;
    const routeName = `chaos-${n}`;
    const answer = await developer[n % 2].call('POST', '/route-requests', routeRequestBody(n % 2 ? 'service-1' : 'service-2', routeName));
    journal.count('route request', answer);
    if (answer.status === 201) {
      journal.created.set(answer.body.id, { routeName, fate: FATES[n % FATES.length], at: journal.now() });
    }
  });

  /** Sends one decision to both replicas at once. */
  const decide = async (clients: UserClient[], id: string, action: 'approve' | 'reject' | 'cancel' | 'retry') => {
    const body = action === 'approve' || action === 'reject' ? { comment: `${action} by the fault suite` } : {};
    const answers = await Promise.all(clients.map(c => c.call('POST', `/route-requests/${id}/${action}`, body)));
    for (const answer of answers) journal.count(action, answer);
    journal.decisions.push({ id, action, statuses: answers.map(a => a.status), at: journal.now() });
  };

  const decider = loop(done, 1500, async round => {
    const list = await admins[round % 2].call('GET', '/route-requests?limit=500');
    journal.count('route request list', list);
    if (list.status !== 200) return;
    for (const request of list.body.items as Array<{ id: string; state: string; retryable: boolean; attempts: number }>) {
      const mine = journal.created.get(request.id);
      if (!mine) continue;
      if (request.state === 'pending') {
        if (mine.fate === 'approve' || mine.fate === 'reject') await decide(admins, request.id, mine.fate);
        else if (mine.fate === 'cancel') await decide(developer, request.id, 'cancel');
      } else if (request.state === 'failed' && (!request.retryable || request.attempts >= 5)) {
        // What the scheduler does not retry, the platform team does.
        await decide(admins, request.id, 'retry');
      }
    }
  });

  const fleetViews = loop(done, 1000, async round => {
    journal.count('fleet page', await admins[round % 2].call('GET', '/fleet'));
  });

  await Promise.all([...viewers.map(pageViews), exporter, requester, decider, fleetViews]);
}
