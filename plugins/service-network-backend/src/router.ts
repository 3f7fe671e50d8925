import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { HealthResponse } from '@internal/plugin-service-network-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { ServiceNetworkService } from './service/ServiceNetworkService';

const entityRefParams = z.object({
  namespace: z.string().min(1),
  kind: z.string().min(1),
  name: z.string().min(1),
});

/**
 * The plugin's REST API. Kept free of business logic: each handler parses
 * the request, authenticates, delegates and shapes the response.
 */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  service: ServiceNetworkService;
}): Promise<express.Router> {
  const { httpAuth, service } = options;
  const router = Router();

  router.get('/health', (_req, res) => {
    const body: HealthResponse = { status: 'ok' };
    res.json(body);
  });

  router.get('/entities/:namespace/:kind/:name/status', async (req, res) => {
    const params = entityRefParams.safeParse(req.params);
    if (!params.success) throw new InputError(`Invalid entity reference: ${params.error.message}`);
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await service.getEntityStatus(params.data, { credentials }));
  });

  router.get('/fleet', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user'] });
    res.json(service.getFleetOverview());
  });

  return router;
}
