/*
 * The authorization matrix: every endpoint and scaffolder action, called by
 * each kind of caller, against the real router, the real catalog and the
 * real permission framework with a policy like the adopter example, on the
 * simulated fleet. Each cell is the status the caller gets; the figures are
 * printed. Then self-approval through every route that applies a plan.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  createServiceNetworkExportAction,
  createServiceNetworkRouteRequestAction,
} from '@service-network/backstage-plugin-scaffolder-backend-module-service-network';
import { ServiceNetworkAppLinks } from '@service-network/backstage-plugin-service-network-node';
import { ConfigReader } from '@backstage/config';
import { findSecrets, fleetSecrets } from '@service-network/simulated-fleet';
import request from 'supertest';
import { PLATFORM_TEAM, SERVICE_1_ROUTE, TEAM_B, USERS } from '../__testUtils__/org';
import { actorAuth, startTrustBackend, TEAM_B_GATEWAY } from '../__testUtils__/trustBackend';
import { componentEntity, eventually, Fleet, startDemoFleet } from '../inventory/__testUtils__/fleet';

jest.setTimeout(120_000);

const CALLERS = ['none', 'withoutRights', 'owner', 'otherTeam', 'platform', 'otherPlugin'] as const;
type Caller = (typeof CALLERS)[number];

const CREDENTIALS: Record<Caller, BackstageCredentials> = {
  none: mockCredentials.none(),
  withoutRights: mockCredentials.user(USERS.nobody),
  owner: mockCredentials.user(USERS.owner),
  otherTeam: mockCredentials.user(USERS.otherTeam),
  platform: mockCredentials.user(USERS.platform),
  otherPlugin: mockCredentials.service('plugin:catalog'),
};
const HEADERS: Record<Caller, string> = {
  none: mockCredentials.none.header(),
  withoutRights: mockCredentials.user.header(USERS.nobody),
  owner: mockCredentials.user.header(USERS.owner),
  otherTeam: mockCredentials.user.header(USERS.otherTeam),
  platform: mockCredentials.user.header(USERS.platform),
  otherPlugin: mockCredentials.service.header(),
};

const ROUTE = SERVICE_1_ROUTE;

/** Expected status per caller, in CALLERS order. */
type Row = [string, (caller: Caller) => Promise<number>, number[]];

describe('the authorization matrix', () => {
  let fleet: Fleet;
  let server: Awaited<ReturnType<typeof startTrustBackend>>['server'];
  let routeNames = 0;

  /** Every answer body, checked for the fleet's secrets at the end. */
  const answers: string[] = [];
  const call = async (method: 'get' | 'post', path: string, caller: Caller, body?: object) => {
    const req = request(server)[method](`/api/service-network${path}`).set('Authorization', HEADERS[caller]);
    const response = await (method === 'post' ? req.send(body ?? {}) : req);
    answers.push(response.text);
    return response;
  };
  /** A fresh pending request by `by` (default the owner), on gateway-1 unless told. */
  const pending = async (by: string = USERS.owner, gateway = 'gateway-1'): Promise<string> => {
    routeNames += 1;
    const created = await request(server)
      .post('/api/service-network/route-requests')
      .set('Authorization', mockCredentials.user.header(by))
      .send({ ...ROUTE, gateway: { name: gateway, namespace: 'default' }, routeName: `matrix-${routeNames}` });
    expect(created.status).toBe(201);
    return created.body.id;
  };
  const statusOf = async (response: Promise<request.Response>) => (await response).status;

  const discovery = () => ({
    getBaseUrl: async (pluginId: string) => `http://localhost:${(server.address() as { port: number }).port}/api/${pluginId}`,
    getExternalBaseUrl: async (pluginId: string) => `http://localhost/api/${pluginId}`,
  });
  /** Runs a scaffolder action as `caller` would start the template; the backend's status, 200 when it succeeded. */
  const runAction = async (
    kind: 'export' | 'route',
    caller: Caller,
    isDryRun: boolean,
    credentials = CREDENTIALS[caller],
  ): Promise<number> => {
    const deps = { discovery: discovery(), auth: actorAuth('scaffolder') };
    const action =
      kind === 'export'
        ? createServiceNetworkExportAction(deps)
        : createServiceNetworkRouteRequestAction({ ...deps, links: ServiceNetworkAppLinks.fromConfig(new ConfigReader({})) });
    routeNames += 1;
    const input =
      kind === 'export'
        ? { entityRef: 'component:default/service-1' }
        : { ...ROUTE, gateway: 'default/gateway-1', path: '/', routeName: `matrix-${routeNames}` };
    const ctx = Object.assign(createMockActionContext({ input: input as never }), {
      isDryRun,
      getInitiatorCredentials: async () => credentials,
    });
    try {
      await action.handler(ctx as never);
      return 200;
    } catch (error) {
      // Without credentials no token is issued: the action is refused before it calls the backend.
      if (error.name === 'AuthenticationError') return 401;
      const status = /HTTP (\d{3})/.exec(String(error))?.[1];
      if (!status) throw error;
      return Number(status);
    }
  };

  beforeAll(async () => {
    fleet = await startDemoFleet();
    ({ server } = await startTrustBackend({
      fleet,
      entities: ['service-1', 'service-2', 'service-3', 'service-4', 'service-5'].map(componentEntity),
      settings: {
        routeRequests: { approvers: [PLATFORM_TEAM, TEAM_B] },
        namespaces: { owners: [{ namespace: 'default', owners: ['team-a'] }] },
      },
    }));
    await eventually(
      'the catalog to hold the entities and the inventory the fleet',
      async () => {
        const preview = await call('post', '/route-requests/preview', 'owner', ROUTE);
        return preview.body.problems?.length === 0;
      },
      60_000,
    );
  });

  afterAll(async () => {
    await fleet.close();
  });

  //                                                           none withoutRights owner otherTeam platform otherPlugin
  const ROWS: Row[] = [
    ['GET status', c => statusOf(call('get', '/entities/default/component/service-1/status', c)), [401, 404, 200, 200, 200, 403]],
    ['GET fleet', c => statusOf(call('get', '/fleet', c)), [401, 200, 200, 200, 200, 403]],
    ['POST export (dry run)', c => statusOf(call('post', '/entities/default/component/service-1/export', c, { dryRun: true })), [401, 404, 200, 403, 403, 403]],
    ['POST unexport (dry run)', c => statusOf(call('post', '/entities/default/component/service-1/unexport', c, { dryRun: true })), [401, 404, 200, 403, 403, 403]],
    ['POST route-requests/preview', c => statusOf(call('post', '/route-requests/preview', c, ROUTE)), [401, 403, 200, 403, 403, 403]],
    [
      'POST route-requests',
      async c => statusOf(call('post', '/route-requests', c, { ...ROUTE, routeName: `matrix-create-${c.toLowerCase()}` })),
      [401, 403, 201, 403, 403, 403],
    ],
    ['GET route-requests', c => statusOf(call('get', '/route-requests', c)), [401, 200, 200, 200, 200, 403]],
    ['GET route-requests/:id', async c => statusOf(call('get', `/route-requests/${await pending()}`, c)), [401, 404, 200, 200, 200, 403]],
    [
      'POST approve (gateway-1)',
      async c => statusOf(call('post', `/route-requests/${await pending()}/approve`, c, { comment: 'ok' })),
      [401, 403, 403, 403, 200, 403],
    ],
    [
      `POST approve (${TEAM_B_GATEWAY}, team-b's gateway)`,
      async c => statusOf(call('post', `/route-requests/${await pending(USERS.owner, TEAM_B_GATEWAY)}/approve`, c, { comment: 'ok' })),
      [401, 403, 403, 200, 200, 403],
    ],
    ['POST reject', async c => statusOf(call('post', `/route-requests/${await pending()}/reject`, c, { comment: 'no' })), [401, 403, 403, 403, 200, 403]],
    ['POST cancel', async c => statusOf(call('post', `/route-requests/${await pending()}/cancel`, c)), [401, 404, 200, 403, 403, 403]],
    // A pending request cannot be retried: callers with the right get 409, the others are refused first.
    ['POST retry (pending)', async c => statusOf(call('post', `/route-requests/${await pending()}/retry`, c)), [401, 403, 403, 403, 409, 403]],
    ['scaffolder service-network:export (dry run)', c => runAction('export', c, true), [401, 404, 200, 403, 403, 403]],
    ['scaffolder service-network:export', c => runAction('export', c, false), [401, 404, 200, 403, 403, 403]],
    ['scaffolder service-network:route:request (dry run)', c => runAction('route', c, true), [401, 403, 200, 403, 403, 403]],
    ['scaffolder service-network:route:request', c => runAction('route', c, false), [401, 403, 200, 403, 403, 403]],
  ];

  it(`answers each of ${ROWS.length} endpoints and actions × ${CALLERS.length} callers as the policy and the guard say`, async () => {
    const actual: Record<string, number[]> = {};
    for (const [name, send] of ROWS) {
      actual[name] = [];
      for (const caller of CALLERS) actual[name].push(await send(caller));
    }
    // eslint-disable-next-line no-console
    console.log(
      `Authorization matrix: ${ROWS.length} endpoints and actions × ${CALLERS.length} callers = ${ROWS.length * CALLERS.length} cells\n${[
        ['', ...CALLERS].join('\t'),
        ...ROWS.map(([name]) => [name, ...actual[name]].join('\t')),
      ].join('\n')}`,
    );
    expect(actual).toEqual(Object.fromEntries(ROWS.map(([name, , expected]) => [name, expected])));
  });

  describe('nobody approves their own request, whichever way they try', () => {
    const approve = (id: string, user: string) =>
      request(server).post(`/api/service-network/route-requests/${id}/approve`).set('Authorization', mockCredentials.user.header(user)).send({ comment: 'mine' });

    it('over HTTP, also when a group they belong to (the platform team) makes them an approver', async () => {
      const id = await pending(USERS.ownerAndPlatform);
      const own = await approve(id, USERS.ownerAndPlatform);
      expect([own.status, own.body.error.message]).toEqual([403, 'You cannot approve your own route request: ask someone else on the platform team']);
      // Another member of the requester's own team is no approver either; the platform team is.
      expect((await approve(id, USERS.teammate)).status).toBe(403);
      expect((await approve(id, USERS.platform)).status).toBe(200);
    });

    it('for a request made through the scaffolder action', async () => {
      const mine = async () =>
        (
          await request(server)
            .get('/api/service-network/route-requests?mine=true&limit=500')
            .set('Authorization', mockCredentials.user.header(USERS.ownerAndPlatform))
        ).body.items.map((r: { id: string }) => r.id);
      const before = await mine();
      expect(await runAction('route', 'owner', false, mockCredentials.user(USERS.ownerAndPlatform))).toBe(200);
      const [id] = (await mine()).filter((r: string) => !before.includes(r));
      expect((await approve(id, USERS.ownerAndPlatform)).status).toBe(403);
    });

    it('by retrying their own request', async () => {
      const id = await pending(USERS.ownerAndPlatform);
      const retried = await request(server)
        .post(`/api/service-network/route-requests/${id}/retry`)
        .set('Authorization', mockCredentials.user.header(USERS.ownerAndPlatform));
      expect([retried.status, retried.body.error.message]).toEqual([403, 'You cannot retry your own route request: ask someone else on the platform team']);
    });
  });

  it("hides another team's requests from those who may not read their entity, in the list as by id", async () => {
    const id = await pending();
    const listed = async (caller: Caller) => (await call('get', '/route-requests?limit=500', caller)).body.items.map((r: { id: string }) => r.id);
    expect(await listed('owner')).toContain(id);
    expect(await listed('withoutRights')).toEqual([]);
    expect((await call('get', `/route-requests/${id}`, 'withoutRights')).body.error.message).toBe(`No route request ${id}`);
  });

  it("puts none of the fleet's tokens or AWS secrets in any answer", () => {
    const secrets = fleetSecrets({ clusters: fleet.clusters, lattice: fleet.lattice });
    expect(answers.length).toBeGreaterThan(50);
    expect(answers.flatMap((text, i) => findSecrets(text, `answer ${i}`, secrets))).toEqual([]);
  });
});
