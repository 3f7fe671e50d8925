/**
 * @jest-environment node
 */
import { FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { ServiceNetworkClient } from './ServiceNetworkClient';

interface Reply {
  status: number;
  body: unknown;
}

describe('ServiceNetworkClient', () => {
  let server: http.Server;
  let baseUrl: string;
  let reply: Reply;
  let seen: { url?: string; authorization?: string };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen = { url: req.url, authorization: req.headers.authorization };
      res.writeHead(reply.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(reply.body));
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
      authorization: 'Bearer user-token',
    });
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
