import { HealthResponse } from '@internal/plugin-service-network-common';
import express from 'express';
import Router from 'express-promise-router';

/**
 * The plugin's REST API. Kept free of business logic: each handler parses
 * the request, delegates and shapes the response.
 */
export async function createRouter(): Promise<express.Router> {
  const router = Router();
  router.get('/health', (_req, res) => {
    const body: HealthResponse = { status: 'ok' };
    res.json(body);
  });

  return router;
}
