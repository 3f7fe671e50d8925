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

  it('reads the health of the service-network backend through the fetch API', async () => {
    reply = { status: 200, body: { status: 'ok' } };

    await expect(client().getHealth()).resolves.toEqual({ status: 'ok' });
    expect(seen).toEqual({
      url: '/api/service-network/health',
      authorization: 'Bearer user-token',
    });
  });

  it('turns an error response into a ResponseError carrying the server message', async () => {
    reply = {
      status: 503,
      body: {
        error: { name: 'ServiceUnavailableError', message: 'Still starting' },
        response: { statusCode: 503 },
      },
    };

    const error = await client()
      .getHealth()
      .catch(e => e);

    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(503);
    expect(error.cause).toMatchObject({
      name: 'ServiceUnavailableError',
      message: 'Still starting',
    });
  });
});
