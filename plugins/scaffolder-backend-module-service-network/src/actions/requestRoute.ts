import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { ServiceNetworkAppLinks } from '@service-network/backstage-plugin-service-network-node';
import {
  HTTP_METHODS,
  ROUTE_REQUEST_STATES,
  RouteRequest,
  RouteRequestCreate,
  RouteRequestKind,
  RouteRequestPlan,
  RouteRequestState,
} from '@service-network/backstage-plugin-service-network-common';
import {
  BackendAnswer,
  backendMessage,
  chosen,
  failureMessage,
  once,
  parseServiceRef,
  postAsInitiator,
  SERVICE_REF_HELP,
  ServiceNetworkBackendDeps,
} from './serviceNetworkBackend';

const ROUTE_KINDS = [
  'HTTP',
  'GRPC',
  'TLS',
] as const satisfies readonly RouteRequestKind[];
const PATH_TYPES = ['PathPrefix', 'Exact'] as const;

/**
 * What the action needs: the backend, and where the app shows route
 * requests (the requests page, where the requester follows a request and the
 * platform team decides it).
 *
 * @public
 */
export interface RouteRequestActionDeps extends ServiceNetworkBackendDeps {
  links: ServiceNetworkAppLinks;
}

const PLANNED_ACTION = {
  create: 'created',
  update: 'updated',
  unchanged: 'left unchanged',
} as const;

const EXAMPLE = `steps:
  - id: request
    name: Request a route
    action: service-network:route:request
    input:
      entityRef: component:default/orders
      gateway: gateway-1
      listener: http
      pathType: PathPrefix
      path: /orders
      backends:
        - cluster: workload-1
          weight: 50
        - cluster: workload-2
          weight: 50
      reason: Checkout calls orders through the service network`;

/** What the step was given; optional text may arrive as '' from an empty form field. */
interface RouteInput {
  routeName?: string;
  kind?: RouteRequestKind;
  gateway: string;
  listener: string;
  pathType?: (typeof PATH_TYPES)[number];
  path?: string;
  method?: (typeof HTTP_METHODS)[number];
  headers?: Array<{ name: string; value: string }>;
  grpcService?: string;
  grpcMethod?: string;
  backends: Array<{ cluster: string; weight: number }>;
  hostname?: string;
  reason: string;
}

/** An empty form field means "not given". */
function given(text: string | undefined): string | undefined {
  return text?.trim() || undefined;
}

/** `namespace/name`, or a bare name the backend finds in whichever namespace has it. */
function parseGateway(gateway: string): RouteRequestCreate['gateway'] {
  const parts = gateway.trim().split('/');
  if (parts.length === 1) return { name: parts[0] };
  if (parts.length === 2) return { namespace: parts[0], name: parts[1] };
  throw new InputError(
    `gateway "${gateway}" must be a Gateway name or namespace/name`,
  );
}

/** Only the fields of the route's kind count; the others are named so the template author notices. */
function matchOf(input: RouteInput, kind: RouteRequestKind) {
  const headers = chosen(input.headers);
  const path = given(input.path);
  if (kind === 'TLS') {
    // TLS passthrough matches nothing: Lattice forwards by SNI (the hostname).
    const ignored =
      path !== undefined ||
      input.method !== undefined ||
      headers !== undefined ||
      [input.grpcService, input.grpcMethod].some(given);
    return {
      ignored: ignored ? 'path, method, headers and gRPC matches' : undefined,
      match: {},
    };
  }
  if (kind === 'HTTP') {
    const ignored = [input.grpcService, input.grpcMethod].some(given);
    return {
      ignored: ignored ? 'grpcService and grpcMethod' : undefined,
      match: {
        path: path && { type: input.pathType ?? 'PathPrefix', value: path },
        method: input.method,
        headers,
      },
    };
  }
  const ignored = path !== undefined || input.method !== undefined;
  return {
    ignored: ignored ? 'path and method' : undefined,
    match: {
      service: given(input.grpcService),
      method: given(input.grpcMethod),
      headers,
    },
  };
}

/** The body of the backend's create and preview calls; JSON leaves out the fields not given. */
function routeRequestBody(
  entityRef: string,
  input: RouteInput,
  warn: (message: string) => void,
): RouteRequestCreate {
  const kind = input.kind ?? 'HTTP';
  const { match, ignored } = matchOf(input, kind);
  if (ignored) {
    warn(`${ignored} do not apply to a ${kind} route; ignoring them`);
  }
  return {
    entityRef,
    routeName: given(input.routeName),
    kind,
    gateway: parseGateway(input.gateway),
    listener: input.listener.trim(),
    match:
      kind !== 'TLS' && Object.values(match).some(field => field !== undefined)
        ? match
        : undefined,
    backends: input.backends,
    hostname: given(input.hostname),
    reason: input.reason,
  } as RouteRequestCreate;
}

function describeRequestFailure(
  doing: string,
  answer: BackendAnswer,
  requestsPage: string | undefined,
): string {
  if (answer.status === 409) {
    return `${doing} failed: an open request already exists for this route${
      requestsPage ? ` (see ${requestsPage})` : ''
    }: ${backendMessage(answer)}`;
  }
  return failureMessage(doing, answer);
}

/** One line per object the approval applies, e.g. "config: HTTPRoute default/orders would be created on approval". */
function planLines(
  plan: RouteRequestPlan,
  mood: 'will be' | 'would be',
): string[] {
  return plan.objects.map(
    ({ cluster, object, action }) =>
      `${cluster}: ${object.kind} ${object.metadata.namespace}/${object.metadata.name} ${mood} ${PLANNED_ACTION[action]} on approval`,
  );
}

/** The request's id and state, as a checkpoint stores them. */
type CreatedRequest = { id: string; state: RouteRequestState };

/**
 * `service-network:route:request`: asks the Service Network backend, as the
 * user who runs the template, for an HTTPRoute, GRPCRoute or TLSRoute to a service. The
 * request waits for the platform team's approval; the step outputs its id,
 * its state, the page where it is followed (a path in the app, from the
 * app-config the app is built from) and the entity ref (which the
 * scaffolder's output links turn into the entity page through the app's routes).
 *
 * @public
 */
export function createServiceNetworkRouteRequestAction(
  deps: RouteRequestActionDeps,
) {
  return createTemplateAction({
    id: 'service-network:route:request',
    description:
      'Requests an HTTPRoute, GRPCRoute or (TLS passthrough) TLSRoute to a service from the Service Network backend, as the user who runs the template. The platform team approves the request before anything is applied; a dry run only previews the plan.',
    supportsDryRun: true,
    examples: [
      {
        description:
          'Request an HTTP route on /orders split evenly between two clusters',
        example: EXAMPLE,
      },
    ],
    schema: {
      input: {
        entityRef: z => z.string().min(1).describe(SERVICE_REF_HELP.input),
        routeName: z =>
          z
            .string()
            .optional()
            .describe("The route's name; default: the service's name"),
        kind: z =>
          z
            .enum(ROUTE_KINDS)
            .optional()
            .describe(
              'HTTP (an HTTPRoute), GRPC (a GRPCRoute) or TLS (a TLSRoute for TLS passthrough, which needs hostname); default HTTP',
            ),
        gateway: z =>
          z
            .string()
            .min(1)
            .describe(
              'The Gateway (service network), as namespace/name or a name, e.g. gateway-1',
            ),
        listener: z =>
          z.string().min(1).describe("The Gateway listener's name, e.g. http"),
        pathType: z =>
          z
            .enum(PATH_TYPES)
            .optional()
            .describe('HTTP: how path matches; default PathPrefix'),
        path: z =>
          z
            .string()
            .optional()
            .describe('HTTP: the path to match; default: every path'),
        method: z =>
          z
            .enum(HTTP_METHODS)
            .optional()
            .describe('HTTP: the method to match; default: any'),
        headers: z =>
          z
            .array(z.object({ name: z.string(), value: z.string() }))
            .optional()
            .describe('Headers that must match exactly'),
        grpcService: z =>
          z
            .string()
            .optional()
            .describe(
              'GRPC: the fully qualified service, e.g. shop.v1.Checkout; default: every service',
            ),
        grpcMethod: z =>
          z
            .string()
            .optional()
            .describe('GRPC: a method of grpcService; default: every method'),
        backends: z =>
          z
            .array(
              z.object({
                cluster: z.string().min(1),
                weight: z.number().int(),
              }),
            )
            .min(1)
            .describe(
              'Workload clusters that export the service, each with its weight of the traffic',
            ),
        hostname: z =>
          z
            .string()
            .optional()
            .describe('A custom domain for the Lattice service'),
        reason: z =>
          z
            .string()
            .min(1)
            .describe('Why the route is needed; shown to the approvers'),
      },
      output: {
        entityRef: z => z.string().describe(SERVICE_REF_HELP.output),
        id: z =>
          z
            .string()
            .optional()
            .describe('The route request id (absent in a dry run)'),
        state: z =>
          z
            .enum(ROUTE_REQUEST_STATES)
            .optional()
            .describe(
              'The request state when created, normally pending (absent in a dry run)',
            ),
        link: z =>
          z
            .string()
            .optional()
            .describe(
              'The page of the app where the request is followed (absent when the app-config disables the requests page)',
            ),
      },
    },

    async handler(ctx) {
      const entityRef = stringifyEntityRef(
        parseServiceRef(ctx.input.entityRef),
      );
      const body = routeRequestBody(entityRef, ctx.input, message =>
        ctx.logger.warn(message),
      );
      const gateway = [body.gateway.namespace, body.gateway.name]
        .filter(Boolean)
        .join('/');
      const what = `a route for ${entityRef} (${body.kind}, ${gateway} listener ${body.listener})`;
      const requestsPage = deps.links.routeRequests()?.path;

      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: previewing ${what}`);
        const answer = await postAsInitiator(
          deps,
          ctx,
          '/route-requests/preview',
          body,
        );
        if (!answer.ok) {
          throw new Error(
            describeRequestFailure(`Previewing ${what}`, answer, requestsPage),
          );
        }
        const plan: RouteRequestPlan = answer.body;
        for (const line of planLines(plan, 'would be')) ctx.logger.info(line);
        if (plan.problems.length) {
          throw new Error(
            `The route cannot be made as asked:\n- ${plan.problems.join(
              '\n- ',
            )}`,
          );
        }
        ctx.output('entityRef', entityRef);
        if (requestsPage) ctx.output('link', requestsPage);
        return;
      }

      ctx.logger.info(`Requesting ${what}`);
      const created = await once<CreatedRequest>(ctx, {
        // The step id already scopes the key; the body tells requests within one step apart.
        key: `route request ${JSON.stringify(body)}`,
        fn: async () => {
          const answer = await postAsInitiator(
            deps,
            ctx,
            '/route-requests',
            body,
          );
          if (!answer.ok) {
            throw new Error(
              describeRequestFailure(
                `Requesting ${what}`,
                answer,
                requestsPage,
              ),
            );
          }
          const request: RouteRequest = answer.body;
          for (const line of planLines(request.plan, 'will be')) {
            ctx.logger.info(line);
          }
          return { id: request.id, state: request.state };
        },
        recovered: stored =>
          `Route request ${stored.id} was made by an earlier attempt of this task; not asking again`,
      });
      const link = deps.links.routeRequest(created.id)?.path;
      ctx.logger.info(
        `Route request ${created.id} is ${created.state}${
          link ? `; follow it on ${link}` : ''
        }`,
      );
      ctx.output('entityRef', entityRef);
      ctx.output('id', created.id);
      ctx.output('state', created.state);
      if (link) ctx.output('link', link);
    },
  });
}
