/*
 * What answers before the API does: `/health`, and a 503 that names the
 * problem while Service Network is starting or not configured. The API's own
 * router takes over once the clusters are resolved and watched.
 */
import { ServiceUnavailableError } from '@backstage/errors';
import type { HealthResponse } from '@service-network/backstage-plugin-service-network-common';
import express, { Request, Response } from 'express';
import Router from 'express-promise-router';
import type { RouteRequestService } from '../routes/RouteRequestService';
import type { ServiceNetworkService } from '../service/ServiceNetworkService';

export type ServiceNetworkAvailability =
  | { status: 'starting' }
  | { status: 'not-configured'; problems: string[] }
  | {
      status: 'ready';
      router: express.Router;
      /** What the router serves, for the other entry points (the actions). */
      service: ServiceNetworkService;
      /** Absent without a config cluster. */
      routeRequests?: RouteRequestService;
    };

function health(state: ServiceNetworkAvailability): HealthResponse {
  if (state.status === 'ready') return { status: 'ok' };
  if (state.status === 'starting') return { status: 'starting' };
  // No sign-in here: the problems (which quote config values) go to the log and to signed-in callers only.
  return {
    status: 'not-configured',
    message: `Service Network is not configured (${
      state.problems.length
    } problem${
      state.problems.length === 1 ? '' : 's'
    }): the backend log and the API's 503 answers name them`,
  };
}

/**
 * The body Backstage's error handler would send for a ServiceUnavailableError
 * (what the frontend shows as "not configured"), answered here so that a page
 * polling an unconfigured plugin does not log an error per poll.
 */
function unavailable(
  req: Request,
  res: Response,
  error: { name: string; message: string; problems?: string[] },
) {
  res.status(503).json({
    error,
    request: { method: req.method, url: req.originalUrl },
    response: { statusCode: 503 },
  });
}

export function notConfiguredMessage(problems: readonly string[]): string {
  return `Service Network is not configured: ${problems.join('; ')}`;
}

const STARTING_MESSAGE = 'Service Network is starting: try again in a moment';

/** The ready services, or the error the API's 503 answers carry. */
export function readyServices(state: ServiceNetworkAvailability) {
  if (state.status === 'ready') return state;
  throw new ServiceUnavailableError(
    state.status === 'starting' ? STARTING_MESSAGE : notConfiguredMessage(state.problems),
  );
}

export function createAvailabilityRouter(
  state: () => ServiceNetworkAvailability,
): express.Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json(health(state()));
  });
  router.use((req, res, next) => {
    const current = state();
    if (current.status === 'ready') {
      current.router(req, res, next);
    } else if (current.status === 'starting') {
      unavailable(req, res, {
        name: 'ServiceUnavailableError',
        message: STARTING_MESSAGE,
      });
    } else {
      unavailable(req, res, {
        name: 'ServiceUnavailableError',
        message: notConfiguredMessage(current.problems),
        problems: current.problems,
      });
    }
  });
  return router;
}
