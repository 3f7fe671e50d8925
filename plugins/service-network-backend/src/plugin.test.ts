import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { serviceNetworkPlugin } from './plugin';

describe('serviceNetworkPlugin', () => {
  it('serves /api/service-network/health without credentials', async () => {
    const { server } = await startTestBackend({
      features: [serviceNetworkPlugin],
    });

    const response = await request(server)
      .get('/api/service-network/health')
      .set('Authorization', mockCredentials.none.header());

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });
});
