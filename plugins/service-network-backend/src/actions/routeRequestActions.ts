/*
 * Route requests as actions: preview, create, list and read for everyone
 * the policy allows; approve and reject only when the platform team turns
 * them on (serviceNetwork.actions.routeRequestDecisions), since four-eyes
 * approval is meant for people. Each calls the route request service as the
 * REST API does, so the permissions, validation and audit are its own.
 */
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  HTTP_METHODS,
  ROUTE_REQUEST_STATES,
  RouteRequest,
  routeRequestCreateSchema,
  routeRequestDecisionSchema,
  RouteRequestPlan,
} from '@service-network/backstage-plugin-service-network-common';
import { availableRouteRequests } from '../routes/RouteRequestService';
import {
  parseWith,
  routeRequestIdSchema,
  routeRequestListLimitSchema,
} from '../service/parseWith';
import {
  ActionsContext,
  callerOf,
  entityRefField,
  entityRefOf,
  servicesOf,
  Zod,
} from './context';

const routeRequestInput = (zod: Zod) =>
  zod.object({
    entityRef: entityRefField(zod).describe(
      'The catalog entity of the service the route sends traffic to, e.g. "component:default/checkout"',
    ),
    kind: zod
      .enum(['HTTP', 'GRPC', 'TLS'])
      .describe(
        'HTTP makes an HTTPRoute, GRPC a GRPCRoute (on an HTTPS listener), TLS a TLS passthrough TLSRoute (on a TLS listener in Passthrough mode; needs hostname, takes no match)',
      ),
    routeName: zod
      .string()
      .optional()
      .describe("The route's name, a DNS label; default: the service's name"),
    gateway: zod
      .object({
        name: zod
          .string()
          .describe(
            'A Gateway (VPC Lattice service network), see get-fleet-overview',
          ),
        namespace: zod
          .string()
          .optional()
          .describe('Default: the only Gateway of that name'),
      })
      .describe('Where the route attaches'),
    listener: zod
      .string()
      .describe(
        "The Gateway listener's name (the route's sectionName), e.g. http",
      ),
    backends: zod
      .array(
        zod.object({
          cluster: zod
            .string()
            .describe('A workload cluster where the service is exported'),
          weight: zod.number().int().describe('Relative weight, 0 to 999'),
        }),
      )
      .describe('Clusters the traffic goes to, 1 to 10'),
    match: zod
      .object({
        path: zod
          .object({
            type: zod.enum(['Exact', 'PathPrefix']),
            value: zod.string().describe('Starts with /'),
          })
          .optional()
          .describe('HTTP only; default: every path'),
        headers: zod
          .array(zod.object({ name: zod.string(), value: zod.string() }))
          .optional()
          .describe('Exact header matches, at most 5'),
        method: zod
          .string()
          .optional()
          .describe(
            `HTTP: one of ${HTTP_METHODS.join(
              ', ',
            )}. GRPC: a method name such as GetCart (needs service)`,
          ),
        service: zod
          .string()
          .optional()
          .describe(
            'GRPC only: the fully qualified gRPC service, e.g. shop.v1.Checkout',
          ),
      })
      .optional()
      .describe('Which requests the route takes; default: all'),
    hostname: zod
      .string()
      .optional()
      .describe(
        'A custom domain, e.g. checkout.example.com (for TLS the required SNI name); it cannot change once the Lattice service exists',
      ),
    reason: zod.string().describe('Why the route is needed, for the approvers'),
  });

const planOutput = (zod: Zod) =>
  zod.object({
    latticeServiceName: zod
      .string()
      .describe('The VPC Lattice service the controller makes for the route'),
    problems: zod
      .array(zod.string())
      .describe('Why the request cannot be made as asked; empty when it can'),
    objects: zod.array(
      zod.object({
        cluster: zod.string(),
        object: zod.string().describe('kind namespace/name'),
        action: zod.enum(['create', 'update', 'unchanged']),
        changes: zod
          .array(
            zod.object({
              path: zod.string(),
              current: zod.unknown().optional(),
              planned: zod.unknown(),
            }),
          )
          .optional(),
        takesOverFrom: zod
          .array(zod.string())
          .optional()
          .describe('Field managers whose fields the apply takes over'),
        manifest: zod
          .record(zod.string(), zod.unknown())
          .describe('Exactly what approval applies'),
      }),
    ),
  });

const summaryOutput = (zod: Zod) =>
  zod.object({
    id: zod.string(),
    state: zod.enum(ROUTE_REQUEST_STATES),
    entityRef: zod.string(),
    route: zod.string().describe('kind namespace/name of the route'),
    gateway: zod.string(),
    listener: zod.string(),
    backends: zod.array(zod.string()).describe('cluster: weight'),
    reason: zod.string(),
    requestedBy: zod.string(),
    createdAt: zod.string(),
    expiresAt: zod
      .string()
      .optional()
      .describe('When a pending request expires'),
    decidedBy: zod.string().optional(),
    decisionComment: zod.string().optional(),
    lastError: zod.string().optional(),
    dnsName: zod
      .string()
      .optional()
      .describe('The DNS name, once the route is live'),
    planVersion: zod.number(),
    link: zod
      .string()
      .optional()
      .describe('The request in the portal, for the user and the approvers'),
  });

export function compactPlan(plan: RouteRequestPlan) {
  return {
    latticeServiceName: plan.latticeServiceName,
    problems: plan.problems,
    objects: plan.objects.map(o => ({
      cluster: o.cluster,
      object: `${o.object.kind} ${o.object.metadata.namespace ?? ''}/${
        o.object.metadata.name
      }`,
      action: o.action,
      changes: o.changes?.length ? o.changes : undefined,
      takesOverFrom: o.takesOverFrom?.map(t => t.manager),
      manifest: { ...o.object },
    })),
  };
}

/** Undefined fields are left out of the JSON answer. */
function summaryOf(request: RouteRequest, context: ActionsContext) {
  return {
    id: request.id,
    state: request.state,
    entityRef: request.entityRef,
    route: `${request.route.kind} ${request.route.namespace}/${request.route.name}`,
    gateway: [request.spec.gateway.namespace, request.spec.gateway.name]
      .filter(Boolean)
      .join('/'),
    listener: request.spec.listener,
    backends: request.spec.backends.map(b => `${b.cluster}: ${b.weight}`),
    reason: request.spec.reason,
    requestedBy: request.requestedBy,
    createdAt: request.createdAt,
    planVersion: request.planVersion,
    expiresAt: request.state === 'pending' ? request.expiresAt : undefined,
    decidedBy: request.decidedBy,
    decisionComment: request.decisionComment,
    lastError: request.lastError,
    dnsName: request.dnsName,
    link: context.links.routeRequest(request.id)?.url,
  };
}

const idInput = (zod: Zod) =>
  zod
    .string()
    .describe(
      'The route request id, a UUID (from create-route-request or list-route-requests)',
    );

/** The entity ref as the REST API takes it (kind:namespace/name), from what an assistant may write ("checkout"). */
const fullRef = (entityRef: string) =>
  stringifyEntityRef(entityRefOf(entityRef));

export function registerRouteRequestActions(
  context: ActionsContext,
  options: { decisions: boolean },
) {
  const routeRequests = () =>
    availableRouteRequests(servicesOf(context).routeRequests);
  const idOf = (id: string) =>
    parseWith(routeRequestIdSchema, { id }, 'route request id').id;
  const bodyOf = (input: { entityRef: string }) =>
    parseWith(
      routeRequestCreateSchema,
      { ...input, entityRef: fullRef(input.entityRef) },
      'input',
    );

  context.registry.register({
    name: 'preview-route-request',
    title: 'Preview a route request',
    description: [
      'Plans a route to a service without asking anyone: the exact ServiceImports and HTTPRoute, GRPCRoute or TLSRoute an approval would apply in the config cluster, what each changes there, and the problems (among them what the config cluster refuses in a dry run). Stores nothing.',
      'Use it before create-route-request and show the user the plan. Gateways and listeners come from get-fleet-overview.',
      'Example input: {"entityRef": "component:default/checkout", "kind": "HTTP", "gateway": {"name": "gateway-1"}, "listener": "http", "backends": [{"cluster": "workload-1", "weight": 50}, {"cluster": "workload-2", "weight": 50}], "reason": "The storefront calls checkout"}.',
    ].join(' '),
    attributes: { readOnly: true, idempotent: true },
    schema: { input: routeRequestInput, output: planOutput },
    action: async ({ input, credentials }) => {
      const body = bodyOf(input);
      return {
        output: compactPlan(
          await routeRequests().preview(body, callerOf(credentials)),
        ),
      };
    },
  });

  context.registry.register({
    name: 'create-route-request',
    title: 'Request a route',
    description: [
      'Asks the platform team for a route to a service: stores a pending route request with its plan (see preview-route-request), which people approve or reject in the portal; approval applies it. Nothing is applied now.',
      'Refused, naming each problem, when the plan has problems, and when an open request already holds the route name.',
      'Takes the same input as preview-route-request. Answers the request with its id and a link to give the user.',
    ].join(' '),
    attributes: { destructive: false, idempotent: false },
    schema: { input: routeRequestInput, output: summaryOutput },
    action: async ({ input, credentials }) => {
      const body = bodyOf(input);
      return {
        output: summaryOf(
          await routeRequests().create(body, callerOf(credentials)),
          context,
        ),
      };
    },
  });

  context.registry.register({
    name: 'list-route-requests',
    title: 'List route requests',
    description: [
      'Lists route requests, newest first (pending ones first for approvers), with their state, route, backends, who asked and who decided.',
      'Example input: {"mine": true, "state": ["pending", "failed"]}.',
    ].join(' '),
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: zod =>
        zod.object({
          state: zod
            .array(zod.enum(ROUTE_REQUEST_STATES))
            .optional()
            .describe('Only requests in these states'),
          entityRef: zod
            .string()
            .optional()
            .describe(
              'Only requests for this entity, e.g. component:default/checkout',
            ),
          mine: zod
            .boolean()
            .optional()
            .describe("Only the caller's own requests"),
          limit: zod
            .number()
            .int()
            .optional()
            .describe('At most this many, 1 to 500; default 100'),
        }),
      output: zod => zod.object({ items: zod.array(summaryOutput(zod)) }),
    },
    action: async ({ input, credentials }) => {
      const items = await routeRequests().list(
        {
          states: input.state,
          entityRef:
            input.entityRef === undefined
              ? undefined
              : fullRef(input.entityRef),
          mine: input.mine,
          limit:
            input.limit === undefined
              ? undefined
              : parseWith(routeRequestListLimitSchema, input.limit, 'limit'),
        },
        callerOf(credentials),
      );
      return { output: { items: items.map(item => summaryOf(item, context)) } };
    },
  });

  context.registry.register({
    name: 'get-route-request',
    title: 'Get a route request',
    description:
      'Reads one route request: its state, decision, DNS name once live, the last error of a failed apply, and its plan (the exact objects). Example input: {"id": "6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5"}.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: zod => zod.object({ id: idInput(zod) }),
      output: zod =>
        summaryOutput(zod).extend({
          plan: planOutput(zod),
          planDiff: zod
            .string()
            .optional()
            .describe('What changed since the previous plan, as a diff'),
        }),
    },
    action: async ({ input, credentials }) => {
      const request = await routeRequests().get(
        idOf(input.id),
        callerOf(credentials),
      );
      return {
        output: {
          ...summaryOf(request, context),
          plan: compactPlan(request.plan),
          planDiff: request.planDiff?.text,
        },
      };
    },
  });

  if (!options.decisions) return;
  const decisionInput = (zod: Zod) =>
    zod.object({
      id: idInput(zod),
      comment: zod
        .string()
        .describe('Why, for the requester and the audit log'),
      planVersion: zod
        .number()
        .int()
        .optional()
        .describe(
          'The plan version the user reviewed (get-route-request); refused when the plan has changed since',
        ),
    });
  const decide =
    (verb: 'approve' | 'reject') =>
    async ({
      input,
      credentials,
    }: {
      input: { id: string; comment: string; planVersion?: number };
      credentials: Parameters<typeof callerOf>[0];
    }) => {
      const id = idOf(input.id);
      const decision = parseWith(
        routeRequestDecisionSchema,
        { comment: input.comment, planVersion: input.planVersion },
        'input',
      );
      const decided = await routeRequests()[verb](
        id,
        decision,
        callerOf(credentials),
      );
      return { output: summaryOf(decided, context) };
    };
  context.registry.register({
    name: 'approve-route-request',
    title: 'Approve a route request',
    description:
      'Approves a pending route request and applies its plan in the config cluster (dry-run first; nothing is written when the cluster refuses). Needs the route-request.approve permission; requesters cannot approve their own. Only approve when the user has reviewed the plan (get-route-request) and asked for it. Example input: {"id": "6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5", "comment": "Reviewed the plan", "planVersion": 1}.',
    attributes: { destructive: true, idempotent: false },
    schema: { input: decisionInput, output: summaryOutput },
    action: decide('approve'),
  });
  context.registry.register({
    name: 'reject-route-request',
    title: 'Reject a route request',
    description:
      'Rejects a pending route request with a comment the requester is told. Needs the route-request.approve permission. Example input: {"id": "6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5", "comment": "Use the shared route instead"}.',
    attributes: { destructive: true, idempotent: false },
    schema: { input: decisionInput, output: summaryOutput },
    action: decide('reject'),
  });
}
