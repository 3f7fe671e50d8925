import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { CustomErrorBase, InputError } from '@backstage/errors';
import {
  ExportRequest,
  exportRequestSchema,
  ExportResponse,
  ROUTE_REQUEST_STATES,
  RouteRequest,
  routeRequestCreateSchema,
  routeRequestDecisionSchema,
  unexportRequestSchema,
} from '@service-network/backstage-plugin-service-network-common';
import express, { NextFunction, Request, Response } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { sendJson } from './http/sendJson';
import { availableRouteRequests, RouteRequestService } from './routes/RouteRequestService';
import type { ServiceNetworkCaller } from './service/caller';
import { parseWith, routeRequestIdSchema, routeRequestListLimitSchema } from './service/parseWith';
import type { ServiceNetworkService } from './service/ServiceNetworkService';

/** Route requests are a few kB; anything near this is a mistake or an attack. */
const BODY_LIMIT_BYTES = 64 * 1024;

const entityRefParams = z.object({
  namespace: z.string().min(1),
  kind: z.string().min(1),
  name: z.string().min(1),
});

function parseEntityRef(params: unknown) {
  const parsed = entityRefParams.safeParse(params);
  if (!parsed.success) throw new InputError(`Invalid entity reference: ${parsed.error.message}`);
  return parsed.data;
}

function parseBody<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, body: unknown): T {
  return parseWith(schema, body ?? {}, 'request body');
}

class PayloadTooLargeError extends CustomErrorBase {
  name = 'PayloadTooLargeError';
  statusCode = 413;
}

/** body-parser's errors say little ("request entity too large"); say what to fix. */
function explainUnreadableBody(error: { type?: string; message: string }, _req: Request, _res: Response, next: NextFunction) {
  if (error.type === 'entity.too.large') {
    next(new PayloadTooLargeError(`The request body is larger than the limit of ${BODY_LIMIT_BYTES / 1024} kB`));
  } else if (error.type === 'entity.parse.failed') {
    next(new InputError(`The request body is not valid JSON: ${error.message}`));
  } else {
    next(error);
  }
}

const stateList = z.preprocess(
  value => (value === undefined ? undefined : [value].flat().flatMap(item => String(item).split(','))),
  z.array(z.enum(ROUTE_REQUEST_STATES, { errorMap: () => ({ message: `state must be one of ${ROUTE_REQUEST_STATES.join(', ')}` }) })),
);

const listQuery = z
  .object({
    state: stateList.optional(),
    entityRef: z.string().min(1).optional(),
    mine: z.enum(['true', 'false'], { errorMap: () => ({ message: 'mine must be true or false' }) }).optional(),
    limit: routeRequestListLimitSchema.optional(),
  })
  .strict();

/** A failed apply is still a recorded decision: the body says what failed, and a retry can finish it. */
function routeRequestStatus(request: RouteRequest): number {
  return request.state === 'failed' ? 502 : 200;
}

/** Some cluster was not written: the body still says which were, and a retry finishes the job. */
function statusOf(response: ExportResponse): number {
  return response.results.some(result => result.outcome === 'failed') ? 502 : 200;
}

/**
 * The plugin's REST API. Kept free of business logic: each handler parses
 * the request, authenticates, delegates and shapes the response. Bodies are
 * JSON of at most 64 kB (413 beyond, 400 for malformed JSON). Every endpoint
 * needs a signed-in user (401 otherwise); `/health` and the 503 answers of an
 * unconfigured plugin come before it (http/availability.ts). Errors answer
 * `{ error: { name, message }, request, response: { statusCode } }`.
 *
 * Export and unexport (`POST /entities/:namespace/:kind/:name/export` with an
 * `ExportRequest`, `.../unexport` with an `UnexportRequest`) answer an
 * `ExportResponse`: 200 when every chosen cluster succeeded (or for a dry
 * run), 502 with the same body when any cluster failed (its result carries
 * the error; the others were written, and repeating the call finishes the
 * job). Every chosen cluster is asked first with a dry run (dry-run
 * requests stop there). Nothing is written anywhere when the answer is
 * 4xx or 503: 400 for an invalid body, an unknown cluster or port, 401
 * without a signed-in user, 403 when the permission policy denies
 * `service-network.service.export` on the entity, 404 for an entity the
 * caller cannot see, 409 when a chosen cluster lacks the Service or cannot
 * be reached or its dry run conflicts with another field manager, 422 when
 * an API server refuses the ServiceExport (its message is in the error),
 * 503 when a cluster could not be asked. Both are audited.
 *
 * Route requests (503 on all of them when no config cluster is configured):
 * - `POST /route-requests/preview` with a `RouteRequestCreate`: the
 *   `RouteRequestPlan` a request would get (the exact objects, each with its
 *   changes against the cluster, and any problems, among them what the
 *   config cluster refuses in a dry run, in its API server's words),
 *   storing nothing. Needs `service-network.route-request.create`.
 * - `POST /route-requests` with a `RouteRequestCreate`: 201 and the pending
 *   `RouteRequest`. Needs `service-network.route-request.create`. 400 when
 *   the body is invalid or the plan has problems (each named), 404 for an
 *   entity the caller cannot see, 409 when an open request holds the route.
 * - `GET /route-requests?state=pending,failed&entityRef=&mine=true&limit=`:
 *   `{ items: RouteRequest[] }`, newest first; pending ones first for callers
 *   allowed to approve.
 * - `GET /route-requests/:id`: the `RouteRequest`, or 404.
 * - `POST /route-requests/:id/approve` with `{ comment, planVersion? }`:
 *   applies the plan once and answers the request, 200 when applied, 502
 *   when the apply failed (the request keeps the error; retry it). Needs
 *   `service-network.route-request.approve`; 403 for the requester's own
 *   request unless self-approval is configured. 409 when someone decided
 *   first, when `planVersion` is not the current one, or when the cluster
 *   changed since the plan was made (the request is re-planned and the body's
 *   `error.diff` is the `RouteRequestPlanDiff`; nothing was applied). Every
 *   object is dry-run first: 422 with the API server's message when it
 *   refuses one (nothing was written; the request is failed with that
 *   reason, not retried on schedule).
 * - `POST /route-requests/:id/reject` with `{ comment }`: 200. Needs
 *   `service-network.route-request.approve`; 409 unless pending.
 * - `POST /route-requests/:id/cancel`: 200; the requester's own pending or
 *   failed request only (403 for others, 409 in other states).
 * - `POST /route-requests/:id/retry`: applies a failed request again; like
 *   approve (200 or 502, 409 when the cluster changed, 422 when it refuses). Needs
 *   `service-network.route-request.approve`.
 * Every transition is audited by the route request service.
 */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  service: ServiceNetworkService;
  /** Absent without a config cluster: the route request endpoints answer 503. */
  routeRequests?: RouteRequestService;
}): Promise<express.Router> {
  const { httpAuth, service } = options;
  const router = Router();
  router.use(express.json({ limit: BODY_LIMIT_BYTES }));
  router.use(explainUnreadableBody);

  /** A signed-in user (401 otherwise), and the request for the audit log. */
  const callerOf = async (req: Request): Promise<ServiceNetworkCaller> => ({
    credentials: await httpAuth.credentials(req, { allow: ['user'] }),
    request: req,
  });

  router.get('/entities/:namespace/:kind/:name/status', async (req, res) => {
    const entityRef = parseEntityRef(req.params);
    sendJson(req, res, await service.getEntityStatus(entityRef, await callerOf(req)));
  });

  /** Parse, authenticate, delegate; the status says whether every cluster succeeded. */
  const writeEndpoint =
    <T extends Pick<ExportRequest, 'clusters' | 'dryRun'>>(
      schema: z.ZodType<T, z.ZodTypeDef, unknown>,
      write: (entityRef: CompoundEntityRef, body: T, caller: ServiceNetworkCaller) => Promise<ExportResponse>,
    ) =>
    async (req: Request, res: Response) => {
      const entityRef = parseEntityRef(req.params);
      const caller = await callerOf(req);
      const response = await write(entityRef, parseBody(schema, req.body), caller);
      res.status(statusOf(response)).json(response);
    };

  router.post(
    '/entities/:namespace/:kind/:name/export',
    writeEndpoint(exportRequestSchema, (entityRef, body, caller) => service.exportService(entityRef, body, caller)),
  );

  router.post(
    '/entities/:namespace/:kind/:name/unexport',
    writeEndpoint(unexportRequestSchema, (entityRef, body, caller) => service.unexportService(entityRef, body, caller)),
  );

  router.get('/fleet', async (req, res) => {
    sendJson(req, res, service.getFleetOverview(await callerOf(req)));
  });

  /** A signed-in user and the route request service; the service checks the permissions. */
  const routeRequestCaller = async (req: Request) => {
    const caller = await callerOf(req);
    return { routeRequests: availableRouteRequests(options.routeRequests), caller };
  };
  const idOf = (req: Request) => parseWith(routeRequestIdSchema, req.params, 'route request id').id;

  router.post('/route-requests/preview', async (req, res) => {
    const { routeRequests, caller } = await routeRequestCaller(req);
    res.json(await routeRequests.preview(parseBody(routeRequestCreateSchema, req.body), caller));
  });

  router.post('/route-requests', async (req, res) => {
    const { routeRequests, caller } = await routeRequestCaller(req);
    res.status(201).json(await routeRequests.create(parseBody(routeRequestCreateSchema, req.body), caller));
  });

  router.get('/route-requests', async (req, res) => {
    const { routeRequests, caller } = await routeRequestCaller(req);
    const query = parseWith(listQuery, req.query, 'query');
    const items = await routeRequests.list(
      {
        states: query.state,
        entityRef: query.entityRef,
        mine: query.mine === 'true',
        limit: query.limit,
      },
      caller,
    );
    res.json({ items });
  });

  router.get('/route-requests/:id', async (req, res) => {
    const { routeRequests, caller } = await routeRequestCaller(req);
    res.json(await routeRequests.get(idOf(req), caller));
  });

  router.post('/route-requests/:id/approve', async (req, res) => {
    const { routeRequests, caller } = await routeRequestCaller(req);
    const approved = await routeRequests.approve(idOf(req), parseBody(routeRequestDecisionSchema, req.body), caller);
    res.status(routeRequestStatus(approved)).json(approved);
  });

  router.post('/route-requests/:id/reject', async (req, res) => {
    const { routeRequests, caller } = await routeRequestCaller(req);
    res.json(await routeRequests.reject(idOf(req), parseBody(routeRequestDecisionSchema, req.body), caller));
  });

  router.post('/route-requests/:id/cancel', async (req, res) => {
    const { routeRequests, caller } = await routeRequestCaller(req);
    res.json(await routeRequests.cancel(idOf(req), caller));
  });

  router.post('/route-requests/:id/retry', async (req, res) => {
    const { routeRequests, caller } = await routeRequestCaller(req);
    const retried = await routeRequests.retry(idOf(req), caller);
    res.status(routeRequestStatus(retried)).json(retried);
  });

  return router;
}
