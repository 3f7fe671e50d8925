/*
 * The bad-input corpus: hostile and malformed inputs to every write
 * endpoint (the scaffolder actions send these same bodies), each answered
 * with a 4xx whose message names the field, while the fleet's request log
 * shows not one write to any cluster.
 */
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { orgUserInfoFactory, PLATFORM_TEAM, SERVICE_1_ROUTE, USERS } from '../__testUtils__/org';
import { componentEntity, eventually, Fleet, rawConfigFor, startDemoFleet } from '../inventory/__testUtils__/fleet';
import { serviceNetworkPlugin } from '../plugin';

jest.setTimeout(120_000);

const WRITE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection'] as const;
const EXPORT = '/entities/default/component/service-1/export';
const UNEXPORT = '/entities/default/component/service-1/unexport';
const MISSING_ID = '6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5';

type Case = [what: string, method: 'get' | 'post', path: string, body: unknown, status: number, field: string | RegExp];

const route = (changes: Record<string, unknown>) => ({ ...SERVICE_1_ROUTE, ...changes });
const withMatch = (match: unknown) => route({ match });
const withBackends = (...backends: unknown[]) => route({ backends });
const deep = (depth: number): unknown => (depth === 0 ? 'x' : { a: deep(depth - 1) });
const polluted = (key: string) => JSON.parse(`{"${key}": {"polluted": true}}`);

/** Names and namespaces that break DNS-1123 labels, for every field that is one. */
const BAD_LABELS = ['Service_1', 'UPPER', '-leading', 'trailing-', 'has.dot', 'a'.repeat(64), 'ünïcode', 'with space', ''];

const CREATE_CASES: Array<[string, unknown, string | RegExp]> = [
  ...BAD_LABELS.map(label => [`route name ${JSON.stringify(label)}`, route({ routeName: label }), 'routeName'] as [string, unknown, string]),
  ...BAD_LABELS.map(label => [`gateway name ${JSON.stringify(label)}`, route({ gateway: { name: label } }), 'gateway.name'] as [string, unknown, string]),
  ...BAD_LABELS.map(
    label => [`gateway namespace ${JSON.stringify(label)}`, route({ gateway: { name: 'gateway-1', namespace: label } }), 'gateway.namespace'] as [string, unknown, string],
  ),
  ...['*.example.com', 'shop.*.example.com', 'bücher.example.com', 'xn--bcher-kva..example.com', 'Shop.Example.com', '10.0.0.1', '[::1]', 'localhost', `${'a'.repeat(250)}.com`, 'shop.example.com.', 'shop_1.example.com', 'shop.example.123'].map(
    hostname => [`hostname ${hostname.slice(0, 40)}`, route({ hostname }), 'hostname'] as [string, unknown, string],
  ),
  ...[-1, 1000, 1.5, '50', null, true, 1e308].map(weight => [`weight ${JSON.stringify(weight)}`, withBackends({ cluster: 'workload-1', weight }), 'backends[0].weight'] as [string, unknown, string]),
  ['weights summing to 0', withBackends({ cluster: 'workload-1', weight: 0 }, { cluster: 'workload-2', weight: 0 }), 'backends'],
  ['a cluster twice', withBackends({ cluster: 'workload-1', weight: 1 }, { cluster: 'workload-1', weight: 1 }), 'backends[1].cluster'],
  ['11 backends', withBackends(...Array.from({ length: 11 }, (_, i) => ({ cluster: `workload-${i}`, weight: 1 }))), 'backends'],
  ['no backends', withBackends(), 'backends'],
  ['a backend with an unknown field', withBackends({ cluster: 'workload-1', weight: 1, port: 80 }), 'backends[0]'],
  ['an unknown cluster', withBackends({ cluster: 'workload-9', weight: 1 }), 'workload-9'],
  ['a 300-character cluster name', withBackends({ cluster: 'w'.repeat(300), weight: 1 }), 'backends[0].cluster'],
  ...['RegularExpression', 'Prefix', 'exact', ''].map(type => [`path type ${type}`, withMatch({ path: { type, value: '/' } }), 'match.path.type'] as [string, unknown, string]),
  ...['api', '/api//v1', '/a/../b', '/a/./b', '/%2Fetc', '/a b', '/ünï', '/a?b=1', '/a#frag', `/${'a'.repeat(200)}`, '/\u0000'].map(
    value => [`path ${JSON.stringify(value.slice(0, 30))}`, withMatch({ path: { type: 'PathPrefix', value } }), 'match.path.value'] as [string, unknown, string],
  ),
  ['six header matches', withMatch({ headers: Array.from({ length: 6 }, (_, i) => ({ name: `x-h${i}`, value: 'v' })) }), 'match.headers'],
  ['a header matched twice', withMatch({ headers: [{ name: 'x-a', value: '1' }, { name: 'X-A', value: '2' }] }), 'match.headers[1].name'],
  ...['x tenant', 'x:tenant', 'ü', '', 'h'.repeat(101)].map(name => [`header name ${JSON.stringify(name.slice(0, 20))}`, withMatch({ headers: [{ name, value: 'a' }] }), 'match.headers[0].name'] as [string, unknown, string]),
  ...['', 'ünï', 'a\nb', 'v'.repeat(201)].map(value => [`header value ${JSON.stringify(value.slice(0, 20))}`, withMatch({ headers: [{ name: 'x-a', value }] }), 'match.headers[0].value'] as [string, unknown, string]),
  ['an unknown method', withMatch({ method: 'FETCH' }), 'match.method'],
  ['a lowercase method', withMatch({ method: 'get' }), 'match.method'],
  ['two matches in a rule', route({ matches: [{}, {}] }), 'matches'],
  ['a gRPC method without its service', route({ kind: 'GRPC', listener: 'https', match: { method: 'Get' } }), 'match.method'],
  ['a gRPC service with a slash', route({ kind: 'GRPC', listener: 'https', match: { service: 'shop/Checkout' } }), 'match.service'],
  ['a gRPC method with a dot', route({ kind: 'GRPC', listener: 'https', match: { service: 'shop.Checkout', method: 'a.b' } }), 'match.method'],
  ['the kind TCP', route({ kind: 'TCP' }), 'kind'],
  ['no kind', route({ kind: undefined }), 'kind'],
  ['a listener as a number', route({ listener: 80 }), 'listener'],
  ['a listener with a slash', route({ listener: 'http/1' }), 'listener'],
  ['an unknown listener', route({ listener: 'grpc' }), 'listener'],
  ['an unknown gateway', route({ gateway: { name: 'gateway-9' } }), 'gateway-9'],
  ['a gateway as text', route({ gateway: 'gateway-1' }), 'gateway'],
  ['a gateway with an unknown field', route({ gateway: { name: 'gateway-1', port: 80 } }), 'gateway'],
  ['a missing entityRef', route({ entityRef: undefined }), 'entityRef'],
  ['an entityRef as a number', route({ entityRef: 7 }), 'entityRef'],
  ['a 300-character entityRef', route({ entityRef: `component:default/${'a'.repeat(300)}` }), 'entityRef'],
  ['a missing reason', route({ reason: undefined }), 'reason'],
  ['a blank reason', route({ reason: ' \t\n ' }), 'reason'],
  ['a reason over 2000 characters', route({ reason: 'é'.repeat(2001) }), 'reason'],
  ['a reason with a NUL character', route({ reason: 'needed\u0000' }), 'reason'],
  ['a reason with a right-to-left override', route({ reason: 'approve \u202Eevil\u202C' }), 'reason'],
  ['a reason with an escape sequence', route({ reason: 'needed \u001b[31mred' }), 'reason'],
  ['a reason as a list', route({ reason: ['a'] }), 'reason'],
  ['an unknown top-level field', route({ priority: 'high' }), 'priority'],
  ['__proto__ as a field', { ...route({}), ...polluted('__proto__') }, '__proto__'],
  ['constructor as a field', { ...route({}), ...polluted('constructor') }, 'constructor'],
  ['prototype in the match', withMatch(polluted('prototype')), 'prototype'],
  ['__proto__ in a backend', withBackends({ cluster: 'workload-1', weight: 1, ...polluted('__proto__') }), '__proto__'],
  ['a match nested 200 deep', withMatch(deep(200)), 'match'],
  ['a body that is a list', [route({})], /expected object|Invalid/],
  ['a body that is a string', 'route please', 'The request body is not valid JSON'],
  ['a body that is null', null, 'The request body is not valid JSON'],
];

const EXPORT_CASES: Array<[string, unknown, string | RegExp]> = [
  ['clusters as text', { clusters: 'workload-1' }, 'clusters'],
  ['an empty cluster name', { clusters: [''] }, 'clusters[0]'],
  ['an unknown cluster', { clusters: ['workload-9'] }, 'workload-9'],
  ['the config cluster', { clusters: ['config'] }, 'config'],
  ['a cluster as a number', { clusters: [1] }, 'clusters[0]'],
  ...[0, -1, 65536, 1.5, '80', null].map(port => [`port ${JSON.stringify(port)}`, { ports: [{ port }] }, 'ports[0].port'] as [string, unknown, string]),
  ['a port twice', { ports: [{ port: 80 }, { port: 80 }] }, 'ports'],
  ['an unknown route type', { ports: [{ port: 80, routeType: 'UDP' }] }, 'ports[0].routeType'],
  ['a port the Service lacks', { ports: [{ port: 9999, routeType: 'HTTP' }] }, '9999'],
  ['ports as an object', { ports: { port: 80 } }, 'ports'],
  ['dryRun as text', { dryRun: 'yes' }, 'dryRun'],
  ['an unknown field', { force: true }, 'force'],
  ['__proto__ as a field', polluted('__proto__'), '__proto__'],
  ['constructor as a field', polluted('constructor'), 'constructor'],
  ['a port nested 200 deep', { ports: [deep(200)] }, 'ports[0]'],
  ['a body that is a list', [{ clusters: ['workload-1'] }], /expected object|Invalid/],
];

const DECISION_CASES: Array<[string, unknown, string | RegExp]> = [
  ['no comment', {}, 'comment'],
  ['a blank comment', { comment: '   ' }, 'comment'],
  ['a comment over 2000 characters', { comment: 'x'.repeat(2001) }, 'comment'],
  ['a comment as a number', { comment: 5 }, 'comment'],
  ['a comment with a right-to-left override', { comment: 'ok \u202Edevorppa' }, 'comment'],
  ['a plan version 0', { comment: 'ok', planVersion: 0 }, 'planVersion'],
  ['a plan version as text', { comment: 'ok', planVersion: '1' }, 'planVersion'],
  ['a fractional plan version', { comment: 'ok', planVersion: 1.5 }, 'planVersion'],
  ['an unknown field', { comment: 'ok', approver: 'me' }, 'approver'],
  ['__proto__ as a field', { comment: 'ok', ...polluted('__proto__') }, '__proto__'],
];

describe('the bad-input corpus', () => {
  let fleet: Fleet;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let pendingId: string;
  let decidedId: string;

  const send = (method: 'get' | 'post', template: string, body: unknown, user: string = USERS.owner) => {
    const path = template.replace('{pending}', pendingId).replace('{decided}', decidedId);
    const req = request(server)[method](`/api/service-network${path}`).set('Authorization', mockCredentials.user.header(user));
    if (method === 'get') return req;
    return body === undefined ? req : req.set('content-type', 'application/json').send(JSON.stringify(body));
  };
  const writes = () =>
    fleet.clusters.reduce((sum, cluster) => sum + WRITE_VERBS.reduce((n, verb) => n + cluster.server.requests.count(verb), 0), 0);

  beforeAll(async () => {
    fleet = await startDemoFleet();
    ({ server } = await startTestBackend({
      features: [
        serviceNetworkPlugin,
        catalogServiceMock.factory({ entities: ['service-1', 'service-2'].map(componentEntity) }),
        orgUserInfoFactory,
        mockServices.rootConfig.factory({
          data: rawConfigFor(fleet, { settings: { refresh: { latticeIntervalSeconds: 1 }, routeRequests: { approvers: [PLATFORM_TEAM] } } }),
        }),
      ],
    }));
    await eventually('the inventory to see the fleet', async () => (await send('post', '/route-requests/preview', SERVICE_1_ROUTE)).body.problems?.length === 0);
    pendingId = (await send('post', '/route-requests', route({ routeName: 'corpus-pending' }))).body.id;
    decidedId = (await send('post', '/route-requests', route({ routeName: 'corpus-decided' }))).body.id;
    const rejected = await send('post', `/route-requests/${decidedId}/reject`, { comment: 'no' }, USERS.platform);
    if (rejected.status !== 200) throw new Error(`Could not reject the request the corpus decides on again: ${rejected.text}`);
    for (const cluster of fleet.clusters) cluster.server.requests.reset();
  });

  afterAll(async () => {
    await fleet.close();
  });

  const CASES: Case[] = [
    ...CREATE_CASES.flatMap(([what, body, field]): Case[] => [
      [`create: ${what}`, 'post', '/route-requests', body, 400, field],
    ]),
    ...CREATE_CASES.filter((_, i) => i % 4 === 0).map(([what, body, field]): Case => [`preview: ${what}`, 'post', '/route-requests/preview', body, 400, field]),
    ...EXPORT_CASES.map(([what, body, field]): Case => [`export: ${what}`, 'post', EXPORT, body, 400, field]),
    ...EXPORT_CASES.filter(([, body]) => !JSON.stringify(body).includes('"port')).map(([what, body, field]): Case => [`unexport: ${what}`, 'post', UNEXPORT, body, 400, field]),
    ...DECISION_CASES.map(([what, body, field]): Case => [`approve: ${what}`, 'post', '/route-requests/{pending}/approve', body, 400, field]),
    ...DECISION_CASES.map(([what, body, field]): Case => [`reject: ${what}`, 'post', '/route-requests/{pending}/reject', body, 400, field]),
    ...['approve', 'reject', 'cancel', 'retry'].flatMap((action): Case[] => [
      [`${action}: a request id that does not exist`, 'post', `/route-requests/${MISSING_ID}/${action}`, { comment: 'ok' }, 404, MISSING_ID],
      [`${action}: a request id that is no UUID`, 'post', `/route-requests/42/${action}`, { comment: 'ok' }, 400, 'id'],
      [`${action}: a request id with a path in it`, 'post', `/route-requests/..%2F..%2Fhealth/${action}`, { comment: 'ok' }, 400, 'id'],
      [`${action}: a request decided already`, 'post', `/route-requests/{decided}/${action}`, { comment: 'ok' }, 409, 'rejected'],
    ]),
    // Parses as kind a, name b:c:d: the catalog has no such entity, and says which.
    ['create: an entityRef with too many colons', 'post', '/route-requests', route({ entityRef: 'a:b:c:d' }), 404, 'No entity a:default/b:c:d'],
    ['list: an unknown state', 'get', '/route-requests?state=open', undefined, 400, 'state'],
    ['list: limit 0', 'get', '/route-requests?limit=0', undefined, 400, 'limit'],
    ['list: limit 501', 'get', '/route-requests?limit=501', undefined, 400, 'limit'],
    ['list: limit as a word', 'get', '/route-requests?limit=many', undefined, 400, 'limit'],
    ['list: mine=yes', 'get', '/route-requests?mine=yes', undefined, 400, 'mine'],
    ['list: an unknown parameter', 'get', '/route-requests?owner=me', undefined, 400, 'owner'],
    ['get: a request id that is no UUID', 'get', '/route-requests/not-a-uuid', undefined, 400, 'id'],
  ];

  it(`answers each of ${CASES.length} hostile or malformed inputs with a 4xx naming the field, and writes nothing to any cluster`, async () => {
    const wrong: string[] = [];
    for (const [what, method, path, body, status, field] of CASES) {
      // Decisions as an approver, so that what is refused is the input.
      const response = await send(method, path, body, /\/(approve|reject|retry)$/.test(path) ? USERS.platform : USERS.owner);
      const message: string = response.body?.error?.message ?? response.text;
      const named = typeof field === 'string' ? message.includes(field) : field.test(message);
      if (response.status !== status || !named) wrong.push(`${what}: ${response.status} ${message.slice(0, 300)}`);
    }
    // eslint-disable-next-line no-console
    console.log(`Bad-input corpus: ${CASES.length} inputs, ${CASES.length - wrong.length} refused as expected, ${writes()} cluster writes`);
    expect(wrong).toEqual([]);
    expect(CASES.length).toBeGreaterThanOrEqual(150);
    expect(writes()).toBe(0);
  });

  it('answers a body over 64 kB with a 413 and malformed JSON with a 400, before anything is read', async () => {
    const huge = await send('post', '/route-requests', route({ reason: 'x'.repeat(70_000) }));
    expect([huge.status, huge.body.error.message]).toEqual([413, 'The request body is larger than the limit of 64 kB']);
    const malformed = await request(server)
      .post('/api/service-network/route-requests')
      .set('Authorization', mockCredentials.user.header(USERS.owner))
      .set('content-type', 'application/json')
      .send('{"kind": "HTTP",');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/^The request body is not valid JSON/);
    expect(writes()).toBe(0);
  });
});
