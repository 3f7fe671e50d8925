/*
 * Route requests through the plugin's REST API, wired into a test backend
 * and applying to the simulated demo fleet through the real clients: the
 * bad requests a user could send, and a request from creation to live.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { coreServices, createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  LATTICE_ANNOTATIONS,
  RouteRequest,
  serviceNetworkRouteRequestApprovePermission,
} from '@service-network/backstage-plugin-service-network-common';
import { applyAll, httpRoute } from '@service-network/simulated-fleet';
import request from 'supertest';
import { componentEntity, eventually, Fleet, rawConfigFor, startDemoFleet } from '../inventory/__testUtils__/fleet';
import { serviceNetworkPlugin } from '../plugin';
import { ROUTE_REQUEST_TASK_ID } from './routeRequestTask';
import { withStricterRoutes } from './__testUtils__/stricterRoutes';

jest.setTimeout(60_000);

const DEVELOPER = 'user:default/developer';
const PLATFORM_ADMIN = 'user:default/platform-admin';
const SECOND_ADMIN = 'user:default/platform-admin-2';
const APPROVERS = [PLATFORM_ADMIN, SECOND_ADMIN];
const WRITE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection'] as const;
const IMPORTS = { group: 'application-networking.k8s.aws', plural: 'serviceimports' };
const HTTP_ROUTES = { group: 'gateway.networking.k8s.io', plural: 'httproutes' };
/** Its Lattice name, storefrontcheckout-v-default, is what any storefrontcheckout-v<x> would get. */
const TAKEN_LATTICE_NAME_ROUTE = 'storefrontcheckout-v1';
/** A rule the config cluster's HTTPRoutes gain while a test runs. */
const NEED_HOSTNAME = { rule: 'has(self.hostnames)', message: 'routes in this cluster need a hostname' };

/** service-1 is exported, federated, in both workload clusters. */
const VALID = {
  entityRef: 'component:default/service-1',
  routeName: 'service-1-storefront',
  gateway: { name: 'gateway-1', namespace: 'default' },
  listener: 'http',
  kind: 'HTTP',
  match: { path: { type: 'PathPrefix', value: '/' } },
  backends: [
    { cluster: 'workload-1', weight: 50 },
    { cluster: 'workload-2', weight: 50 },
  ],
  reason: 'The storefront calls it',
};
const withBody = (changes: Record<string, unknown>) => ({ ...VALID, ...changes });
const without = (field: keyof typeof VALID) => Object.fromEntries(Object.entries(VALID).filter(([key]) => key !== field));
const withMatch = (match: Record<string, unknown>) => withBody({ match });
const withBackends = (...backends: Array<{ cluster?: string; weight?: unknown }>) => withBody({ backends });
const grpc = (changes: Record<string, unknown>) => withBody({ kind: 'GRPC', listener: 'https', match: { service: 'shop.v1.Storefront' }, ...changes });

/** [what, body, status, what the message says] */
const BAD_REQUESTS: Array<[string, unknown, number, string | RegExp]> = [
  ['a weight over 999', withBackends({ cluster: 'workload-1', weight: 1000 }), 400, 'backends[0].weight: backend weight must be at most 999 (VPC Lattice target-group weights are 0 to 999)'],
  ['a negative weight', withBackends({ cluster: 'workload-1', weight: -1 }), 400, 'backend weight must be at least 0'],
  ['a fractional weight', withBackends({ cluster: 'workload-1', weight: 2.5 }), 400, 'backend weight must be a whole number'],
  ['a weight given as text', withBackends({ cluster: 'workload-1', weight: '50' }), 400, 'backends[0].weight: backend weight must be a number'],
  ['11 backends', withBackends(...Array.from({ length: 11 }, (_, i) => ({ cluster: `workload-${i}`, weight: 1 }))), 400, 'backends: at most 10 backends per rule (a VPC Lattice limit)'],
  ['no backend', withBackends(), 400, 'backends: name at least one backend cluster'],
  ['backends given as an object', withBody({ backends: { cluster: 'workload-1', weight: 1 } }), 400, 'backends: backends must be a list'],
  ['a cluster listed twice', withBackends({ cluster: 'workload-1', weight: 1 }, { cluster: 'workload-1', weight: 2 }), 400, 'backends[1].cluster: cluster workload-1 is listed twice'],
  ['every weight 0', withBackends({ cluster: 'workload-1', weight: 0 }, { cluster: 'workload-2', weight: 0 }), 400, 'at least one backend needs a weight above 0'],
  ['a backend without a cluster', withBackends({ weight: 1 }), 400, 'backends[0].cluster: backend cluster is required'],
  ['two matches in a rule', withBody({ matches: [{ path: { type: 'Exact', value: '/a' } }, { path: { type: 'Exact', value: '/b' } }] }), 400, "Unrecognized key(s) in object: 'matches'"],
  ['a regular-expression path', withMatch({ path: { type: 'RegularExpression', value: '/v[0-9]+' } }), 400, 'match.path.type: path type must be Exact or PathPrefix (the controller rejects RegularExpression)'],
  ['a path without a leading slash', withMatch({ path: { type: 'PathPrefix', value: 'api' } }), 400, "match.path.value: path must start with '/'"],
  ["a path with '//'", withMatch({ path: { type: 'PathPrefix', value: '/api//v1' } }), 400, "path must not contain '//'"],
  ['six header matches', withMatch({ headers: Array.from({ length: 6 }, (_, i) => ({ name: `x-h${i}`, value: 'v' })) }), 400, 'at most 5 header matches per rule (a VPC Lattice limit)'],
  ['a header name with a space', withMatch({ headers: [{ name: 'x tenant', value: 'a' }] }), 400, 'header name must be an HTTP token'],
  ['an unknown HTTP method', withMatch({ method: 'FETCH' }), 400, 'match.method: method must be one of GET, HEAD'],
  ['a gRPC method without its service', grpc({ match: { method: 'PlaceOrder' } }), 400, 'match.method: a gRPC method needs its service'],
  ['a missing entityRef', without('entityRef'), 400, 'entityRef: entityRef is required'],
  ['a missing gateway', without('gateway'), 400, 'gateway: gateway is required'],
  ['a gateway given as text', withBody({ gateway: 'gateway-1' }), 400, 'gateway: gateway must be an object with name and namespace'],
  ['a missing listener', without('listener'), 400, 'listener: listener is required'],
  ['a listener given as a number', withBody({ listener: 80 }), 400, 'listener: listener must be a string'],
  ['a missing reason', without('reason'), 400, 'reason: reason is required'],
  ['a blank reason', withBody({ reason: '   ' }), 400, 'reason: reason cannot be empty'],
  ['the kind TCP', withBody({ kind: 'TCP' }), 400, 'kind: kind must be HTTP, GRPC or TLS'],
  ['a TLS route without a hostname', withBody({ kind: 'TLS', match: undefined }), 400, 'hostname: hostname is required for a TLS route'],
  ['an invalid route name', withBody({ routeName: 'Service_1' }), 400, 'routeName: route name must be lowercase letters'],
  ['an IP address as hostname', withBody({ hostname: '10.0.0.1' }), 400, 'hostname: hostname must be a DNS name, not an IP address'],
  ['a wildcard hostname', withBody({ hostname: '*.example.com' }), 400, 'hostname: hostname must not be a wildcard'],
  ['a hostname with an underscore', withBody({ hostname: 'store_front.example.com' }), 400, 'hostname: hostname must be DNS labels'],
  ['a single-label hostname', withBody({ hostname: 'storefront' }), 400, 'hostname: hostname must be a fully qualified name'],
  ['an entity the catalog lacks', withBody({ entityRef: 'component:default/nope' }), 404, 'No entity component:default/nope in the catalog'],
  ['an unknown gateway', withBody({ gateway: { name: 'gateway-9', namespace: 'default' } }), 400, 'no Gateway default/gateway-9 in the config cluster (Gateways: default/gateway-1, default/gateway-2)'],
  ['an unknown listener', withBody({ listener: 'grpc' }), 400, 'Gateway default/gateway-1 has no listener "grpc"'],
  ['gRPC on an HTTP listener', grpc({ listener: 'http' }), 400, 'GRPCRoute needs an HTTPS listener, and the chosen listener is HTTP'],
  ['an unknown cluster', withBackends({ cluster: 'workload-9', weight: 1 }), 400, 'workload-9 is not a workload cluster (workload clusters: workload-1, workload-2)'],
  ['the config cluster as a backend', withBackends({ cluster: 'config', weight: 1 }), 400, 'config is not a workload cluster'],
  ['a cluster where the service is not exported', withBody({ entityRef: 'component:default/service-3' }), 400, 'default/service-3 in workload-2 is not exported: export it there first'],
  ['a cluster whose export lacks the federation annotation', withBody({ entityRef: 'component:default/service-4', routeName: 'service-4-storefront' }), 400, 'lacks the annotation application-networking.k8s.aws/federation: amazon-vpc-lattice'],
  ['gRPC to a cluster that exports only HTTP', grpc({}), 400, 'is exported only for HTTP; a GRPCRoute needs a port exported as GRPC'],
  ["the name of a route to another Service (a takeover)", withBody({ routeName: 'httproute-1' }), 400, 'routeName: HTTPRoute default/httproute-1 already routes to ServiceImport default/service-2-workload-1, ServiceImport default/service-2-workload-2, not to default/service-1'],
  ['a Lattice name collision', withBody({ routeName: 'storefrontcheckout-v2' }), 400, `the VPC Lattice service name "storefrontcheckout-v-default" is taken: HTTPRoute default/${TAKEN_LATTICE_NAME_ROUTE} derives the same name`],
];

/** Approving is for the platform team; everything else for everyone. */
function platformTeamPolicy() {
  const permissions = mockServices.permissions.mock();
  permissions.authorize.mockImplementation(async (requests, { credentials }) => {
    const user = (credentials.principal as { userEntityRef?: string }).userEntityRef ?? '';
    return requests.map(({ permission }) => ({
      result:
        permission.name !== serviceNetworkRouteRequestApprovePermission.name || APPROVERS.includes(user)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    }));
  });
  permissions.authorizeConditional.mockImplementation(async requests => requests.map(() => ({ result: AuthorizeResult.ALLOW })));
  return permissions;
}

describe('route requests through the REST API on the simulated demo fleet', () => {
  let fleet: Fleet;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  const scheduler = mockServices.scheduler.mock();
  /** What the scheduler would run every few seconds, run when the test says. */
  const runScheduledTask = () =>
    scheduler.scheduleTask.mock.calls.find(([task]) => task.id === ROUTE_REQUEST_TASK_ID)![0].fn(new AbortController().signal);
  const sent: NotificationSendOptions[] = [];

  const as = (user: string) => mockCredentials.user.header(user);
  const post = (path: string, user: string, body?: unknown) =>
    request(server).post(`/api/service-network${path}`).set('Authorization', as(user)).send(body as object);
  const get = (path: string, user = DEVELOPER) => request(server).get(`/api/service-network${path}`).set('Authorization', as(user));
  const list = async (): Promise<RouteRequest[]> => (await get('/route-requests?limit=500')).body.items;
  const configWrites = () =>
    WRITE_VERBS.reduce((count, verb) => count + fleet.configCluster.server.requests.count(verb), 0);

  beforeAll(async () => {
    fleet = await startDemoFleet();
    applyAll(fleet.configCluster.store, [
      httpRoute('default', TAKEN_LATTICE_NAME_ROUTE, [{ gateway: 'gateway-1', section: 'http' }], [{ importName: 'service-2-workload-1', weight: 1 }]),
    ]);
    await fleet.idle();
    ({ server } = await startTestBackend({
      features: [
        serviceNetworkPlugin,
        catalogServiceMock.factory({ entities: ['service-1', 'service-2', 'service-3', 'service-4'].map(componentEntity) }),
        mockServices.rootConfig.factory({
          data: rawConfigFor(fleet, {
            settings: { refresh: { latticeIntervalSeconds: 1 }, routeRequests: { checkIntervalSeconds: 5 } },
          }),
        }),
        platformTeamPolicy().factory,
        // The platform admins are the platform team, the default approvers.
        createServiceFactory({
          service: coreServices.userInfo,
          deps: {},
          factory: () => ({
            getUserInfo: async credentials => {
              const user = (credentials.principal as { userEntityRef: string }).userEntityRef;
              return { userEntityRef: user, ownershipEntityRefs: APPROVERS.includes(user) ? [user, 'group:default/platform-team'] : [user] };
            },
          }),
        }),
        scheduler.factory,
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({
            send: async (notification: NotificationSendOptions) => {
              sent.push(notification);
            },
          }),
        }),
      ],
    }));
    await eventually('the inventory to see the whole fleet, so a valid request plans cleanly', async () => {
      const preview = await post('/route-requests/preview', DEVELOPER, VALID);
      return preview.status === 200 && preview.body.problems.length === 0;
    });
  });

  afterAll(async () => {
    await fleet.close();
  });

  beforeEach(() => {
    fleet.configCluster.server.requests.reset();
  });

  it('schedules expiry, retries and the DNS check on one replica at a time, as often as configured', () => {
    expect(scheduler.scheduleTask).toHaveBeenCalledWith({
      id: ROUTE_REQUEST_TASK_ID,
      scope: 'global',
      frequency: { milliseconds: 5_000 },
      timeout: { minutes: 2 },
      fn: expect.any(Function),
    });
  });

  describe('refuses a bad request with a 4xx naming the problem, and neither stores nor applies anything', () => {
    /** Sends a bad request and checks it left no trace: nothing stored, nothing approved or applied, no write to the config cluster. */
    async function refused(send: () => Promise<request.Response>): Promise<request.Response> {
      const before = await list();
      const response = await send();
      const after = await list();
      expect(after).toEqual(before);
      expect(after.filter(r => ['approved', 'applying', 'applied'].includes(r.state))).toEqual([]);
      expect(configWrites()).toBe(0);
      return response;
    }

    it('has at least 30 of them', () => {
      expect(BAD_REQUESTS.length).toBeGreaterThanOrEqual(30);
    });

    it.each(BAD_REQUESTS)('%s', async (_what, body, status, message) => {
      const response = await refused(() => post('/route-requests', DEVELOPER, body));

      expect(response.status).toBe(status);
      expect(response.body.error.message).toContain(message);
    });

    it('a body over 64 kB', async () => {
      const response = await refused(() => post('/route-requests', DEVELOPER, withBody({ reason: 'x'.repeat(65 * 1024) })));

      expect(response.status).toBe(413);
      expect(response.body.error.message).toBe('The request body is larger than the limit of 64 kB');
    });

    it('malformed JSON', async () => {
      const response = await refused(() =>
        request(server)
          .post('/api/service-network/route-requests')
          .set('Authorization', as(DEVELOPER))
          .set('Content-Type', 'application/json')
          .send('{"entityRef": "component:default/service-1",'),
      );

      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(/^The request body is not valid JSON: /);
    });

    it('a caller who is not signed in', async () => {
      const response = await refused(() =>
        request(server).post('/api/service-network/route-requests').set('Authorization', mockCredentials.none.header()).send(VALID),
      );

      expect(response.status).toBe(401);
    });
  });

  it('previews the exact objects and their changes against the cluster, storing nothing', async () => {
    const response = await post('/route-requests/preview', DEVELOPER, VALID);

    expect(response.status).toBe(200);
    expect(response.body.objects.map((o: { object: { kind: string; metadata: { name: string } }; action: string }) => [o.object.kind, o.object.metadata.name, o.action])).toEqual([
      ['ServiceImport', 'service-1-workload-1', 'unchanged'],
      ['ServiceImport', 'service-1-workload-2', 'unchanged'],
      ['HTTPRoute', 'service-1-storefront', 'create'],
    ]);
    expect(response.body.latticeServiceName).toBe('service-1-storefront-default');
    expect(await list()).toEqual([]);
    expect(configWrites()).toBe(0);
  });

  it('takes a request from a developer to a route the platform team approved, applied once and live', async () => {
    // service-4 is exported, federated, only in workload-2; the route takes the service's name.
    const body = withBody({ entityRef: 'component:default/service-4', routeName: undefined, backends: [{ cluster: 'workload-2', weight: 1 }] });
    const created = await post('/route-requests', DEVELOPER, body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ state: 'pending', requestedBy: DEVELOPER, route: { kind: 'HTTPRoute', namespace: 'default', name: 'service-4' } });
    const id: string = created.body.id;
    expect(sent).toEqual([
      {
        recipients: { type: 'entity', entityRef: ['group:default/platform-team'], excludeEntityRef: DEVELOPER },
        payload: expect.objectContaining({ title: 'Route request: HTTPRoute default/service-4 for component:default/service-4', link: `/service-network/requests#request-${id}` }),
      },
    ]);

    const again = await post('/route-requests', SECOND_ADMIN, body);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(
      `An open request for HTTPRoute default/service-4 already exists (${id}, pending, requested by ${DEVELOPER}): wait for its outcome or cancel it first`,
    );

    const byDeveloper = await post(`/route-requests/${id}/approve`, DEVELOPER, { comment: 'Mine is fine' });
    expect([byDeveloper.status, byDeveloper.body.error.message]).toEqual([
      403,
      'Only the approvers in serviceNetwork.routeRequests.approvers (group:default/platform-team) decide route requests, and you are not one of them',
    ]);
    expect((await get(`/route-requests/${id}`)).body.state).toBe('pending');
    expect(configWrites()).toBe(0);

    const approvals = await Promise.all(
      APPROVERS.map(approver => post(`/route-requests/${id}/approve`, approver, { comment: 'Looks right', planVersion: 1 })),
    );
    expect(approvals.map(a => a.status).sort()).toEqual([200, 409]);
    const applied = approvals.find(a => a.status === 200)!.body as RouteRequest;
    expect(applied).toMatchObject({ state: 'applied', decisionComment: 'Looks right', attempts: 1 });
    expect(APPROVERS).toContain(applied.decidedBy);
    expect(approvals.find(a => a.status === 409)!.body.error.message).toMatch(new RegExp(`^Request ${id} is (already )?(approved|applying|applied)`));
    expect(fleet.configCluster.server.requests.count('patch', 'serviceimports.application-networking.k8s.aws')).toBe(1);
    expect(fleet.configCluster.server.requests.count('patch', 'httproutes.gateway.networking.k8s.io')).toBe(1);
    expect(fleet.configCluster.store.get(IMPORTS, 'default', 'service-4-workload-2')?.metadata.annotations).toMatchObject({
      [LATTICE_ANNOTATIONS.exportName]: 'service-4',
      [LATTICE_ANNOTATIONS.awsEksClusterName]: 'workload-2',
    });
    expect(fleet.configCluster.store.get(HTTP_ROUTES, 'default', 'service-4')?.spec).toMatchObject({
      parentRefs: [{ name: 'gateway-1', namespace: 'default', sectionName: 'http' }],
      rules: [{ backendRefs: [{ kind: 'ServiceImport', name: 'service-4-workload-2', weight: 1 }] }],
    });
    const beforeCheck = (await get(`/route-requests/${id}`)).body;
    expect(beforeCheck.state).toBe('applied');
    expect(beforeCheck).not.toHaveProperty('dnsName');

    const live = await eventually('the scheduled check to see the DNS name the controller assigned', async () => {
      await runScheduledTask();
      const current = (await get(`/route-requests/${id}`)).body as RouteRequest;
      return current.liveAt ? current : undefined;
    });
    expect(live.state).toBe('applied');
    expect(live.dnsName).toMatch(/^service-4-default-.+\.vpc-lattice-svcs\.us-west-2\.on\.aws$/);
    expect(sent.slice(1).map(n => [n.recipients, n.payload.title])).toEqual([
      [{ type: 'entity', entityRef: DEVELOPER }, 'Your HTTPRoute default/service-4 was approved and applied'],
      [{ type: 'entity', entityRef: DEVELOPER }, 'Your HTTPRoute default/service-4 is live'],
    ]);

    const mine = await get('/route-requests?mine=true&state=applied');
    expect(mine.body.items.map((r: RouteRequest) => r.id)).toEqual([id]);
    expect((await get('/route-requests?mine=true', PLATFORM_ADMIN)).body.items).toEqual([]);
  });

  it("refuses to let an approver approve their own request, and lets the requester cancel it", async () => {
    const created = await post('/route-requests', PLATFORM_ADMIN, withBody({ routeName: 'service-1-admin' }));
    expect(created.status).toBe(201);

    const own = await post(`/route-requests/${created.body.id}/approve`, PLATFORM_ADMIN, { comment: 'Trust me' });
    expect(own.status).toBe(403);
    expect(own.body.error.message).toBe('You cannot approve your own route request: ask someone else on the platform team');

    const byOther = await post(`/route-requests/${created.body.id}/cancel`, DEVELOPER);
    expect(byOther.status).toBe(403);
    const cancelled = await post(`/route-requests/${created.body.id}/cancel`, PLATFORM_ADMIN);
    expect([cancelled.status, cancelled.body.state]).toEqual([200, 'cancelled']);
    expect(configWrites()).toBe(0);
  });

  it('rejects with a comment the requester is told about', async () => {
    const created = await post('/route-requests', DEVELOPER, withBody({ routeName: 'service-1-rejected' }));

    const rejected = await post(`/route-requests/${created.body.id}/reject`, PLATFORM_ADMIN, { comment: 'Use the shared route' });

    expect(rejected.body).toMatchObject({ state: 'rejected', decidedBy: PLATFORM_ADMIN, decisionComment: 'Use the shared route' });
    expect(sent.at(-1)).toEqual({
      recipients: { type: 'entity', entityRef: DEVELOPER },
      payload: expect.objectContaining({ title: 'Your route request for HTTPRoute default/service-1-rejected was rejected', description: `${PLATFORM_ADMIN}: Use the shared route` }),
    });
    expect(configWrites()).toBe(0);
  });

  it('asks the config cluster about every planned object: a refusal is a problem of the preview, and no request is made', async () => {
    await withStricterRoutes(fleet.configCluster.store, NEED_HOSTNAME, async () => {
      const preview = await post('/route-requests/preview', DEVELOPER, VALID);
      expect(preview.status).toBe(200);
      expect(preview.body.problems).toEqual([
        'config refused HTTPRoute default/service-1-storefront: HTTPRoute.gateway.networking.k8s.io "service-1-storefront" is invalid: spec: Invalid value: "object": routes in this cluster need a hostname',
      ]);
      const created = await post('/route-requests', DEVELOPER, VALID);
      expect(created.status).toBe(400);
      expect(created.body.error.message).toContain('routes in this cluster need a hostname');
      expect(fleet.configCluster.server.requests.dryRuns).toBe(6);
      expect(configWrites()).toBe(0);
    });
  });

  it('answers an approval the config cluster refuses with 422 and its message, writing nothing; the request is failed with that reason', async () => {
    const created = await post('/route-requests', DEVELOPER, withBody({ routeName: 'service-1-refused' }));
    expect(created.status).toBe(201);
    await withStricterRoutes(fleet.configCluster.store, NEED_HOSTNAME, async () => {
      fleet.configCluster.server.requests.reset();
      const approved = await post(`/route-requests/${created.body.id}/approve`, PLATFORM_ADMIN, { comment: 'ok' });
      expect(approved.status).toBe(422);
      expect(approved.body.error.message).toContain(
        'config refused HTTPRoute default/service-1-refused: HTTPRoute.gateway.networking.k8s.io "service-1-refused" is invalid: spec: Invalid value: "object": routes in this cluster need a hostname',
      );
      expect(configWrites()).toBe(0);
      expect(fleet.configCluster.store.get(HTTP_ROUTES, 'default', 'service-1-refused')).toBeUndefined();
      const failed = await get(`/route-requests/${created.body.id}`);
      expect(failed.body).toMatchObject({ state: 'failed', retryable: false, decidedBy: PLATFORM_ADMIN });
      expect(failed.body.lastError).toContain('routes in this cluster need a hostname');
    });
    const cancelled = await post(`/route-requests/${created.body.id}/cancel`, DEVELOPER);
    expect(cancelled.body.state).toBe('cancelled');
  });
});

describe('route requests where Service Network cannot offer them', () => {
  it('answer 503 naming the missing serviceNetwork section, and the permissions are registered all the same', async () => {
    const { server } = await startTestBackend({
      features: [serviceNetworkPlugin, catalogServiceMock.factory({ entities: [componentEntity('service-1')] })],
    });
    const create = await request(server).post('/api/service-network/route-requests').send(VALID);
    const health = await request(server).get('/api/service-network/health');

    expect([create.status, create.body.error.message]).toEqual([
      503,
      'Service Network is not configured: serviceNetwork is missing from app-config: add the section with the clusters and the VPC Lattice account (see the README)',
    ]);
    expect([health.status, health.body.status]).toEqual([200, 'not-configured']);

    // Registered for permission policies and RBAC UIs either way.
    const metadata = await request(server).get('/api/service-network/.well-known/backstage/permissions/metadata');
    expect(metadata.body.permissions.map((p: { name: string }) => p.name)).toEqual([
      'service-network.service.export',
      'service-network.route-request.create',
      'service-network.route-request.approve',
      'service-network.route-request.decide',
      'service-network.route-request.read',
    ]);
    // Route requests are a resource type with rules for conditional decisions.
    expect(metadata.body.rules.map((r: { name: string; resourceType: string }) => `${r.resourceType}:${r.name}`)).toEqual([
      'service-network-route-request:IS_REQUESTER',
      'service-network-route-request:TARGETS_GATEWAY',
      'service-network-route-request:IS_ENTITY_OWNER',
    ]);
  });

  it('answer 503 without a config cluster while the rest of the plugin keeps working', async () => {
    const { server } = await startTestBackend({
      features: [
        serviceNetworkPlugin,
        catalogServiceMock.factory({ entities: [componentEntity('service-1')] }),
        mockServices.rootConfig.factory({
          data: {
            serviceNetwork: {
              clusters: [{ name: 'workload-1', role: 'workload', url: 'https://127.0.0.1:1', serviceAccountToken: 't' }],
              lattice: { region: 'us-west-2', endpoint: 'http://127.0.0.1:1' },
            },
            aws: { mainAccount: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } },
          },
        }),
      ],
    });
    const create = await request(server).post('/api/service-network/route-requests').send(VALID);
    const fleet = await request(server).get('/api/service-network/fleet');

    expect([create.status, create.body.error.message]).toEqual([
      503,
      'Route requests are not available: the serviceNetwork section of app-config needs a cluster with the role "config"',
    ]);
    expect(fleet.status).toBe(200);
    expect(fleet.body.clusters.map((c: { name: string }) => c.name)).toEqual(['workload-1']);
  });
});
