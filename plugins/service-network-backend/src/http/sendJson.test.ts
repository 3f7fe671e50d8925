import { mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import express from 'express';
import request from 'supertest';
import { sendJson } from './sendJson';

// Repetitive, like a status: fifty clusters that differ in little but their names.
const large = {
  clusters: Array.from({ length: 50 }, (_, i) => ({
    cluster: `workload-${i + 1}`,
    state: 'healthy',
    reason: 'All targets are healthy.',
  })),
};
const small = { status: 'ok' };

function appSending(
  value: unknown,
  options: { rootCompression?: boolean } = {},
) {
  const app = express();
  if (options.rootCompression) {
    // The middleware Backstage's root router puts before every plugin.
    const middleware = MiddlewareFactory.create({
      config: mockServices.rootConfig(),
      logger: mockServices.logger.mock(),
    });
    app.use(middleware.compression());
  }
  return app.get('/', (req, res) => sendJson(req, res, value));
}

describe('sendJson', () => {
  it('gzips a large answer for a client that accepts gzip', async () => {
    const response = await request(appSending(large))
      .get('/')
      .set('Accept-Encoding', 'gzip, deflate');

    expect(response.headers['content-encoding']).toBe('gzip');
    expect(Number(response.headers['content-length'])).toBeLessThan(
      JSON.stringify(large).length / 5,
    );
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers.vary).toMatch(/Accept-Encoding/);
    expect(response.body).toEqual(large);
  });

  it('answers plain JSON to a client that does not accept gzip', async () => {
    for (const acceptEncoding of ['identity', 'gzip;q=0', 'br']) {
      const response = await request(appSending(large))
        .get('/')
        .set('Accept-Encoding', acceptEncoding);

      expect(response.headers['content-encoding']).toBeUndefined();
      expect(Number(response.headers['content-length'])).toBe(
        JSON.stringify(large).length,
      );
      expect(response.body).toEqual(large);
    }
  });

  it('leaves a small answer uncompressed', async () => {
    const response = await request(appSending(small))
      .get('/')
      .set('Accept-Encoding', 'gzip');

    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.body).toEqual(small);
  });

  it('answers 304 to a poll that already has this answer, and the answer when it changed', async () => {
    const first = await request(appSending(large))
      .get('/')
      .set('Accept-Encoding', 'gzip');
    const etag = first.headers.etag;
    expect(etag).toMatch(/^W\/"/);

    const unchanged = await request(appSending(large))
      .get('/')
      .set('If-None-Match', etag);
    expect(unchanged.status).toBe(304);
    expect(unchanged.text).toBe('');

    const changed = await request(
      appSending({ ...large, generatedAt: 'later' }),
    )
      .get('/')
      .set('If-None-Match', etag);
    expect(changed.status).toBe(200);
    expect(changed.body.generatedAt).toBe('later');
  });

  it("is compressed once behind Backstage's own compression middleware", async () => {
    const response = await request(appSending(large, { rootCompression: true }))
      .get('/')
      .set('Accept-Encoding', 'gzip');

    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.body).toEqual(large);
  });
});
