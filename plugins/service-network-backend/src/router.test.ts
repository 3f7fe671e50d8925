import express from 'express';
import request from 'supertest';
import { createRouter } from './router';

describe('createRouter', () => {
  let app: express.Express;

  beforeEach(async () => {
    app = express().use(await createRouter());
  });

  it('answers GET /health with status ok', async () => {
    const response = await request(app).get('/health');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('does not answer unknown paths', async () => {
    const response = await request(app).get('/nope');

    expect(response.status).toBe(404);
  });
});
