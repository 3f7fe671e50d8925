import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import type {
  EntityServiceNetworkStatus,
  FleetOverview,
} from '@internal/plugin-service-network-common';
import express from 'express';
import request from 'supertest';
import { createRouter } from './router';
import type { ServiceNetworkService } from './service/ServiceNetworkService';

describe('createRouter', () => {
  let app: express.Express;
  const service: jest.Mocked<ServiceNetworkService> = {
    getEntityStatus: jest.fn(),
    getFleetOverview: jest.fn(),
  };

  beforeEach(async () => {
    jest.resetAllMocks();
    const router = await createRouter({ httpAuth: mockServices.httpAuth(), service });
    app = express().use(router).use(mockErrorHandler());
  });

  it('answers GET /health with status ok, without credentials', async () => {
    const response = await request(app)
      .get('/health')
      .set('Authorization', mockCredentials.none.header());

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
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
      { credentials: mockCredentials.user('user:default/alice') },
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
    expect(service.getEntityStatus).not.toHaveBeenCalled();
    expect(service.getFleetOverview).not.toHaveBeenCalled();
  });

  it('serves the fleet overview', async () => {
    const overview = { clusters: [] } as unknown as FleetOverview;
    service.getFleetOverview.mockReturnValue(overview);

    const response = await request(app).get('/fleet');

    expect(response.status).toBe(200);
    expect(response.body).toEqual(overview);
  });
});
