import { responseError, timeoutError, toClusterRequestError } from './errors';

describe('cluster request errors', () => {
  it('say what went wrong on the network in plain words', () => {
    const refused = Object.assign(
      new Error('connect ECONNREFUSED 10.0.0.1:443'),
      { code: 'ECONNREFUSED' },
    );
    expect(toClusterRequestError(refused).reason).toBe('connection refused');
    const untrusted = Object.assign(new Error('self-signed certificate'), {
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    expect(toClusterRequestError(untrusted).reason).toBe(
      "the server's TLS certificate is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)",
    );
    expect(timeoutError(15_000).reason).toBe('no answer within 15 s');
  });

  it('say what the server answered, with the message of its Status', () => {
    const forbidden = responseError(
      403,
      JSON.stringify({
        kind: 'Status',
        message:
          'services is forbidden: User "backstage" cannot list resource "services"',
      }),
    );
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.reason).toBe(
      'access denied (403 Forbidden): services is forbidden: User "backstage" cannot list resource "services"',
    );
    expect(responseError(503, 'upstream connect error').reason).toBe(
      'the API server failed (503 Service Unavailable)',
    );
  });

  it("read the generated client's exceptions", () => {
    const apiException = Object.assign(new Error('HTTP-Code: 401'), {
      code: 401,
      body: { message: 'Unauthorized' },
    });
    const error = toClusterRequestError(apiException);
    expect(error.statusCode).toBe(401);
    expect(error.reason).toBe(
      'the API server rejected the credentials (401 Unauthorized): Unauthorized',
    );
  });
});
