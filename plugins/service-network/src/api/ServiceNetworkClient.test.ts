/**
 * @jest-environment node
 */
import { FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { planChangeOf } from './planChange';
import { ServiceNetworkClient } from './ServiceNetworkClient';

interface Reply {
  status: number;
  body: unknown;
}

describe('ServiceNetworkClient', () => {
  let server: http.Server;
  let baseUrl: string;
  let reply: Reply;
  let seen: {
    url?: string;
    method?: string;
    authorization?: string;
    body?: unknown;
  };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let text = '';
      req.on('data', chunk => {
        text += chunk;
      });
      req.on('end', () => {
        seen = {
          url: req.url,
          method: req.method,
          authorization: req.headers.authorization,
          ...(text ? { body: JSON.parse(text) } : {}),
        };
        res.writeHead(reply.status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(reply.body));
      });
    });
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise(resolve => server.close(resolve));
  });

  // Stands in for the app's fetch API, which adds the signed-in user's token.
  const fetchApi: FetchApi = {
    fetch: (input, init) =>
      fetch(input, {
        ...init,
        headers: { ...init?.headers, Authorization: 'Bearer user-token' },
      }),
  };

  function client() {
    return new ServiceNetworkClient({
      discoveryApi: { getBaseUrl: async id => `${baseUrl}/api/${id}` },
      fetchApi,
    });
  }

  it('reads an entity status from its namespace, kind and name, each encoded', async () => {
    reply = { status: 200, body: { entityRef: 'component:team a/svc#1' } };

    await expect(
      client().getEntityStatus({
        kind: 'Component',
        namespace: 'team a',
        name: 'svc#1',
      }),
    ).resolves.toEqual({ entityRef: 'component:team a/svc#1' });
    expect(seen).toEqual({
      url: '/api/service-network/entities/team%20a/component/svc%231/status',
      method: 'GET',
      authorization: 'Bearer user-token',
    });
  });

  it('reads the fleet overview', async () => {
    reply = { status: 200, body: { clusters: [] } };

    await expect(client().getFleetOverview()).resolves.toEqual({
      clusters: [],
    });
    expect(seen).toEqual({
      url: '/api/service-network/fleet',
      method: 'GET',
      authorization: 'Bearer user-token',
    });
  });

  const entity = { kind: 'Component', namespace: 'default', name: 'svc' };

  it('posts an export and answers the per-cluster outcome also when some cluster failed (502)', async () => {
    const partial = {
      entityRef: 'component:default/svc',
      dryRun: false,
      results: [
        { cluster: 'workload-1', outcome: 'applied' },
        { cluster: 'workload-2', outcome: 'failed', error: 'unreachable' },
      ],
      warnings: [],
    };
    reply = { status: 502, body: partial };

    await expect(
      client().exportService(entity, {
        clusters: ['workload-1', 'workload-2'],
      }),
    ).resolves.toEqual(partial);
    expect(seen).toMatchObject({
      url: '/api/service-network/entities/default/component/svc/export',
      method: 'POST',
      body: { clusters: ['workload-1', 'workload-2'] },
    });
  });

  it('still rejects a 502 that carries an error body', async () => {
    reply = {
      status: 502,
      body: {
        error: { name: 'Error', message: 'bad gateway' },
        response: { statusCode: 502 },
      },
    };

    await expect(client().unexportService(entity, {})).rejects.toBeInstanceOf(
      ResponseError,
    );
  });

  it('lists route requests with the filter in the query', async () => {
    reply = { status: 200, body: { items: [{ id: 'a' }] } };

    await expect(
      client().listRouteRequests({
        states: ['pending', 'failed'],
        entityRef: 'component:default/svc',
        mine: true,
      }),
    ).resolves.toEqual([{ id: 'a' }]);
    expect(seen.url).toBe(
      '/api/service-network/route-requests?state=pending%2Cfailed&entityRef=component%3Adefault%2Fsvc&mine=true',
    );
  });

  it('posts a decision, and exposes the plan diff of a 409 for the approver', async () => {
    const diff = { fromVersion: 1, toVersion: 2, text: '~ spec.rules' };
    reply = {
      status: 409,
      body: {
        error: { name: 'ConflictError', message: 'The cluster changed', diff },
        response: { statusCode: 409 },
      },
    };

    const error = await client()
      .approveRouteRequest('r-1', { comment: 'ok', planVersion: 1 })
      .catch(e => e);

    expect(seen).toMatchObject({
      url: '/api/service-network/route-requests/r-1/approve',
      method: 'POST',
      body: { comment: 'ok', planVersion: 1 },
    });
    expect(planChangeOf(error)).toEqual(diff);
    expect(planChangeOf(new Error('other'))).toBeUndefined();
  });

  it.each([
    [
      'entity status',
      () =>
        client().getEntityStatus({
          kind: 'Component',
          namespace: 'default',
          name: 'gone',
        }),
    ],
    ['fleet overview', () => client().getFleetOverview()],
  ])(
    'turns an error response to the %s into a ResponseError carrying the server message',
    async (_what, call) => {
      reply = {
        status: 404,
        body: {
          error: { name: 'NotFoundError', message: 'No such entity' },
          response: { statusCode: 404 },
        },
      };

      const error = await call().catch(e => e);

      expect(error).toBeInstanceOf(ResponseError);
      expect(error.statusCode).toBe(404);
      expect(error.cause).toMatchObject({
        name: 'NotFoundError',
        message: 'No such entity',
      });
    },
  );
});
