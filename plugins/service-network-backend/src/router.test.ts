import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConflictError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type {
  EntityServiceNetworkStatus,
  ExportResponse,
  FleetOverview,
  RouteRequest,
  RouteRequestCreate,
  RouteRequestPlan,
  RouteRequestPlanDiff,
} from '@service-network/backstage-plugin-service-network-common';
import express from 'express';
import request from 'supertest';
import { createRouter } from './router';
import { PlanChangedError, RouteRequestService } from './routes/RouteRequestService';
import type { ServiceNetworkService } from './service/ServiceNetworkService';

describe('createRouter', () => {
  let app: express.Express;
  const service: jest.Mocked<ServiceNetworkService> = {
    getEntityStatus: jest.fn(),
    getFleetOverview: jest.fn(),
    exportService: jest.fn(),
    unexportService: jest.fn(),
  };
  const withRequest = (user: string) => ({
    credentials: mockCredentials.user(user),
    request: expect.objectContaining({ method: expect.any(String) }),
  });

  beforeEach(async () => {
    jest.clearAllMocks();
    const router = await createRouter({ httpAuth: mockServices.httpAuth(), service });
    app = express().use(router).use(mockErrorHandler());
  });

  it("serves an entity's status for the caller's credentials", async () => {
    const status = { entityRef: 'component:default/service-1' } as EntityServiceNetworkStatus;
    service.getEntityStatus.mockResolvedValue(status);

    const response = await request(app)
      .get('/entities/default/component/service-1/status')
      .set('Authorization', mockCredentials.user.header('user:default/alice'));

    expect(response.status).toBe(200);
    expect(response.body).toEqual(status);
    expect(service.getEntityStatus).toHaveBeenCalledWith(
      { namespace: 'default', kind: 'component', name: 'service-1' },
      withRequest('user:default/alice'),
    );
  });

  it('turns an unknown entity into a 404 with the reason', async () => {
    service.getEntityStatus.mockRejectedValue(new NotFoundError('No entity component:default/nope in the catalog'));

    const response = await request(app).get('/entities/default/component/nope/status');

    expect(response.status).toBe(404);
    expect(response.body.error.message).toBe('No entity component:default/nope in the catalog');
  });

  it('refuses callers who are not signed in', async () => {
    for (const path of ['/entities/default/component/service-1/status', '/fleet']) {
      const response = await request(app).get(path).set('Authorization', mockCredentials.none.header());
      expect(response.status).toBe(401);
    }
    for (const action of ['export', 'unexport']) {
      const response = await request(app)
        .post(`/entities/default/component/service-1/${action}`)
        .set('Authorization', mockCredentials.none.header())
        .send({});
      expect(response.status).toBe(401);
    }
    expect(service.getEntityStatus).not.toHaveBeenCalled();
    expect(service.getFleetOverview).not.toHaveBeenCalled();
    expect(service.exportService).not.toHaveBeenCalled();
    expect(service.unexportService).not.toHaveBeenCalled();
  });

  it('serves the fleet overview', async () => {
    const overview = { clusters: [] } as unknown as FleetOverview;
    service.getFleetOverview.mockReturnValue(overview);

    const response = await request(app).get('/fleet');

    expect(response.status).toBe(200);
    expect(response.body).toEqual(overview);
  });

  describe('export and unexport', () => {
    const exported = (outcomes: Array<ExportResponse['results'][number]['outcome']>): ExportResponse => ({
      entityRef: 'component:default/service-5',
      service: { namespace: 'default', name: 'service-5' },
      dryRun: false,
      results: outcomes.map((outcome, i) => ({
        cluster: `workload-${i + 1}`,
        outcome,
        ...(outcome === 'failed' ? { error: 'connection refused' } : { resourceVersion: String(10 + i) }),
      })),
      warnings: [],
    });

    it('exports for the signed-in caller, with the request for the audit log', async () => {
      service.exportService.mockResolvedValue(exported(['applied', 'unchanged']));

      const response = await request(app)
        .post('/entities/default/component/service-5/export')
        .set('Authorization', mockCredentials.user.header('user:default/alice'))
        .send({ clusters: ['workload-1', 'workload-2'], ports: [{ port: 80, routeType: 'GRPC' }] });

      expect(response.status).toBe(200);
      expect(response.body).toEqual(exported(['applied', 'unchanged']));
      expect(service.exportService).toHaveBeenCalledWith(
        { namespace: 'default', kind: 'component', name: 'service-5' },
        { clusters: ['workload-1', 'workload-2'], ports: [{ port: 80, routeType: 'GRPC' }] },
        withRequest('user:default/alice'),
      );
    });

    it('answers 502 with the per-cluster results when a cluster failed', async () => {
      service.unexportService.mockResolvedValue(exported(['deleted', 'failed']));

      const response = await request(app).post('/entities/default/component/service-5/unexport').send({});

      expect(response.status).toBe(502);
      expect(response.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['deleted', 'failed']);
    });

    it('passes a refusal through with its status', async () => {
      service.exportService.mockRejectedValue(new ConflictError('Nothing was exported: workload-2 is unreachable'));

      const response = await request(app).post('/entities/default/component/service-5/export').send({ dryRun: true });

      expect(response.status).toBe(409);
      expect(response.body.error.message).toBe('Nothing was exported: workload-2 is unreachable');
    });

    it.each([
      [{ ports: [{ port: 80, routeType: 'UDP' }] }, 'ports[0].routeType: routeType must be one of HTTP, GRPC, TLS'],
      [{ ports: [{ port: 0, routeType: 'HTTP' }] }, 'ports[0].port'],
      [{ clusters: [] }, 'clusters: name at least one cluster'],
      [{ cluster: 'workload-1' }, "Unrecognized key(s) in object: 'cluster'"],
      [{ dryRun: 'yes' }, 'dryRun: Expected boolean'],
    ])('refuses the body %j with a 400 naming the problem', async (body, message) => {
      const response = await request(app).post('/entities/default/component/service-5/export').send(body);

      expect(response.status).toBe(400);
      expect(response.body.error.message).toContain(message);
      expect(service.exportService).not.toHaveBeenCalled();
    });

    it('refuses a body that is not JSON', async () => {
      const response = await request(app)
        .post('/entities/default/component/service-5/unexport')
        .set('Content-Type', 'application/json')
        .send('{"clusters": [');

      expect(response.status).toBe(400);
      expect(service.unexportService).not.toHaveBeenCalled();
    });
  });

  describe('route requests', () => {
    const ID = '6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5';
    const ALICE = 'user:default/alice';
    const BOB = 'user:default/bob';
    const body: RouteRequestCreate = {
      entityRef: 'component:default/service-1',
      gateway: { name: 'gateway-1', namespace: 'default' },
      listener: 'http',
      kind: 'HTTP',
      backends: [{ cluster: 'workload-1', weight: 1 }],
      reason: 'The storefront calls it',
    };
    const plan: RouteRequestPlan = { objects: [], latticeServiceName: 'service-1-default', problems: [] };
    const requestIn = (state: RouteRequest['state'], id = ID): RouteRequest =>
      ({ id, state, entityRef: body.entityRef, requestedBy: ALICE, plan, planVersion: 1 } as RouteRequest);

    const routeRequests: jest.Mocked<RouteRequestService> = {
      preview: jest.fn(),
      create: jest.fn(),
      get: jest.fn(),
      list: jest.fn(),
      approve: jest.fn(),
      reject: jest.fn(),
      cancel: jest.fn(),
      retry: jest.fn(),
      expireStale: jest.fn(),
      retryFailed: jest.fn(),
      checkLive: jest.fn(),
    };
    const as = (user: string) => mockCredentials.user.header(user);
    const callerOf = withRequest;

    beforeEach(async () => {
      const router = await createRouter({ httpAuth: mockServices.httpAuth(), service, routeRequests });
      app = express().use(router).use(mockErrorHandler());
    });

    it('creates a request for the signed-in user: 201', async () => {
      routeRequests.create.mockResolvedValue(requestIn('pending'));

      const response = await request(app).post('/route-requests').set('Authorization', as(ALICE)).send(body);

      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ id: ID, state: 'pending' });
      expect(routeRequests.create).toHaveBeenCalledWith(body, callerOf(ALICE));
    });

    it('previews the plan without creating anything', async () => {
      routeRequests.preview.mockResolvedValue(plan);

      const response = await request(app).post('/route-requests/preview').send(body);

      expect(response.status).toBe(200);
      expect(response.body).toEqual(plan);
      expect(routeRequests.create).not.toHaveBeenCalled();
    });

    it('answers 401 on every route request endpoint without a signed-in user', async () => {
      const none = mockCredentials.none.header();
      const calls = [
        request(app).post('/route-requests/preview').set('Authorization', none).send(body),
        request(app).post('/route-requests').set('Authorization', none).send(body),
        request(app).get('/route-requests').set('Authorization', none),
        request(app).get(`/route-requests/${ID}`).set('Authorization', none),
        ...['approve', 'reject', 'cancel', 'retry'].map(action =>
          request(app).post(`/route-requests/${ID}/${action}`).set('Authorization', none).send({ comment: 'ok' }),
        ),
      ];
      for (const call of calls) expect((await call).status).toBe(401);
      for (const method of ['preview', 'create', 'list', 'get', 'approve', 'reject', 'cancel', 'retry'] as const) {
        expect(routeRequests[method]).not.toHaveBeenCalled();
      }
    });

    it.each([
      ['a weight over 999', { ...body, backends: [{ cluster: 'workload-1', weight: 1000 }] }, 'backends[0].weight: backend weight must be at most 999'],
      ['the kind TCP', { ...body, kind: 'TCP' }, 'kind: kind must be HTTP, GRPC or TLS'],
      ['no reason', { ...body, reason: undefined }, 'reason: reason is required'],
    ])('refuses a body with %s: 400 naming the problem', async (_what, bad, message) => {
      const response = await request(app).post('/route-requests').send(bad);

      expect(response.status).toBe(400);
      expect(response.body.error.message).toContain(message);
      expect(routeRequests.create).not.toHaveBeenCalled();
    });

    it('refuses a body over 64 kB with 413, and malformed JSON with 400, saying so', async () => {
      const large = await request(app).post('/route-requests').send({ ...body, reason: 'x'.repeat(70_000) });
      const malformed = await request(app).post('/route-requests').set('Content-Type', 'application/json').send('{"kind": "HTTP",');

      expect([large.status, large.body.error.message]).toEqual([413, 'The request body is larger than the limit of 64 kB']);
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.message).toMatch(/^The request body is not valid JSON: /);
      expect(routeRequests.create).not.toHaveBeenCalled();
    });

    it('lists with filters for the caller', async () => {
      routeRequests.list.mockResolvedValue([]);

      const response = await request(app)
        .get('/route-requests?state=pending,failed&entityRef=component:default/service-1&mine=true&limit=20')
        .set('Authorization', as(BOB));

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ items: [] });
      expect(routeRequests.list).toHaveBeenCalledWith(
        { states: ['pending', 'failed'], entityRef: 'component:default/service-1', mine: true, limit: 20 },
        callerOf(BOB),
      );
    });

    it.each([
      ['/route-requests?state=open', 'Invalid query: state[0]: state must be one of pending, approved'],
      ['/route-requests?mine=yes', 'Invalid query: mine: mine must be true or false'],
      ['/route-requests?limit=0', 'Invalid query: limit:'],
      ['/route-requests?owner=me', "Unrecognized key(s) in object: 'owner'"],
      ['/route-requests/42', 'Invalid route request id: id: route request ids are UUIDs'],
    ])('refuses %s with a 400 naming the problem', async (path, message) => {
      const response = await request(app).get(path);

      expect(response.status).toBe(400);
      expect(response.body.error.message).toContain(message);
    });

    it('passes a missing request through as 404', async () => {
      routeRequests.get.mockRejectedValue(new NotFoundError(`No route request ${ID}`));

      const response = await request(app).get(`/route-requests/${ID}`);

      expect([response.status, response.body.error.message]).toEqual([404, `No route request ${ID}`]);
    });

    it('approves with the comment and plan version: 200 when applied, 502 with the request when the apply failed', async () => {
      routeRequests.approve.mockResolvedValueOnce(requestIn('applied'));
      routeRequests.approve.mockResolvedValueOnce({ ...requestIn('failed'), lastError: 'the API server failed (503)' });

      const applied = await request(app).post(`/route-requests/${ID}/approve`).set('Authorization', as(BOB)).send({ comment: 'Looks right', planVersion: 1 });
      const failed = await request(app).post(`/route-requests/${ID}/approve`).set('Authorization', as(BOB)).send({ comment: 'Looks right' });

      expect([applied.status, applied.body.state]).toEqual([200, 'applied']);
      expect([failed.status, failed.body.lastError]).toEqual([502, 'the API server failed (503)']);
      expect(routeRequests.approve).toHaveBeenCalledWith(ID, { comment: 'Looks right', planVersion: 1 }, callerOf(BOB));
    });

    it('answers 409 with the diff when the cluster changed since the plan was made', async () => {
      const diff: RouteRequestPlanDiff = { fromVersion: 1, toVersion: 2, objects: [], problemsAdded: ['workload-2 is gone'], problemsRemoved: [], text: '+ workload-2 is gone' };
      routeRequests.approve.mockRejectedValue(new PlanChangedError(diff));

      const response = await request(app).post(`/route-requests/${ID}/approve`).send({ comment: 'ok' });

      expect(response.status).toBe(409);
      expect(response.body.error.message).toMatch(/^The cluster changed since this request was planned/);
      expect(response.body.error.diff).toEqual(diff);
    });

    it('passes self-approval and late decisions through as 403 and 409', async () => {
      routeRequests.approve.mockRejectedValueOnce(new NotAllowedError('You cannot approve your own route request'));
      routeRequests.reject.mockRejectedValueOnce(new ConflictError(`Request ${ID} is already applied`));

      const own = await request(app).post(`/route-requests/${ID}/approve`).send({ comment: 'mine' });
      const late = await request(app).post(`/route-requests/${ID}/reject`).send({ comment: 'too late' });

      expect([own.status, own.body.error.message]).toEqual([403, 'You cannot approve your own route request']);
      expect([late.status, late.body.error.message]).toEqual([409, `Request ${ID} is already applied`]);
    });

    it('needs a comment to decide', async () => {
      for (const action of ['approve', 'reject']) {
        const response = await request(app).post(`/route-requests/${ID}/${action}`).send({ comment: '  ' });
        expect([response.status, response.body.error.message]).toEqual([400, 'Invalid request body: comment: comment cannot be empty']);
      }
      expect(routeRequests.approve).not.toHaveBeenCalled();
      expect(routeRequests.reject).not.toHaveBeenCalled();
    });

    it('rejects, cancels and retries', async () => {
      routeRequests.reject.mockResolvedValue(requestIn('rejected'));
      routeRequests.cancel.mockResolvedValue(requestIn('cancelled'));
      routeRequests.retry.mockResolvedValue(requestIn('failed'));

      const rejected = await request(app).post(`/route-requests/${ID}/reject`).set('Authorization', as(BOB)).send({ comment: 'Use the shared route' });
      const cancelled = await request(app).post(`/route-requests/${ID}/cancel`).set('Authorization', as(ALICE));
      const retried = await request(app).post(`/route-requests/${ID}/retry`);

      expect([rejected.status, rejected.body.state]).toEqual([200, 'rejected']);
      expect(routeRequests.reject).toHaveBeenCalledWith(ID, { comment: 'Use the shared route' }, callerOf(BOB));
      expect([cancelled.status, cancelled.body.state]).toEqual([200, 'cancelled']);
      expect(routeRequests.cancel).toHaveBeenCalledWith(ID, callerOf(ALICE));
      expect([retried.status, retried.body.state]).toEqual([502, 'failed']);
    });

    it('answers 503 with the reason when no config cluster is configured', async () => {
      const router = await createRouter({ httpAuth: mockServices.httpAuth(), service });
      const unconfigured = express().use(router).use(mockErrorHandler());

      for (const call of [request(unconfigured).get('/route-requests'), request(unconfigured).post('/route-requests').send(body)]) {
        const response = await call;
        expect(response.status).toBe(503);
        expect(response.body.error.message).toBe(
          'Route requests are not available: the serviceNetwork section of app-config needs a cluster with the role "config"',
        );
      }
    });
  });
});
