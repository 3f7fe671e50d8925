/*
 * Route requests as a permission resource: the rules a policy's conditional
 * decisions use, as the catalog's catalogConditions do for entities. The
 * backend evaluates them on the request and the current owner of its entity.
 */
import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  RESOURCE_TYPE_SERVICE_NETWORK_ROUTE_REQUEST,
  RouteRequest,
  SERVICE_NETWORK_PLUGIN_ID,
} from '@service-network/backstage-plugin-service-network-common';
import { z } from 'zod';

/**
 * A route request as its permission rules see it.
 *
 * @public
 */
export interface RouteRequestPermissionResource {
  request: RouteRequest;
  /** The `spec.owner` of the request's entity now, as an entity ref. */
  entityOwner?: string;
}

/**
 * Conditions evaluate in memory: a query is the predicate itself.
 *
 * @public
 */
export type RouteRequestPermissionQuery = (
  resource: RouteRequestPermissionResource,
) => boolean;

/** @public */
export const serviceNetworkRouteRequestResourceRef =
  createPermissionResourceRef<
    RouteRequestPermissionResource,
    RouteRequestPermissionQuery
  >().with({
    pluginId: SERVICE_NETWORK_PLUGIN_ID,
    resourceType: RESOURCE_TYPE_SERVICE_NETWORK_ROUTE_REQUEST,
  });

const claims = z.object({
  claims: z
    .array(z.string())
    .describe('Entity refs: the user, or the user and their groups'),
});

const isRequester = createPermissionRule({
  resourceRef: serviceNetworkRouteRequestResourceRef,
  name: 'IS_REQUESTER',
  description: 'The route request was made by one of the claims (the user)',
  paramsSchema: claims,
  apply: ({ request }, params) => params.claims.includes(request.requestedBy),
  toQuery: params => resource => params.claims.includes(resource.request.requestedBy),
});

/** Where the request's route attaches: the gateway it names, in its namespace or the route's. */
function targets(
  request: RouteRequest,
  params: { name: string; namespace?: string },
): boolean {
  const { gateway } = request.spec;
  const namespace = gateway.namespace ?? request.route.namespace;
  return (
    gateway.name === params.name &&
    (params.namespace === undefined || params.namespace === namespace)
  );
}

const gateway = z.object({
  name: z.string().describe('The Gateway (service network) name'),
  namespace: z
    .string()
    .optional()
    .describe('Its namespace in the config cluster; any when left out'),
});

const targetsGateway = createPermissionRule({
  resourceRef: serviceNetworkRouteRequestResourceRef,
  name: 'TARGETS_GATEWAY',
  description: 'The route request attaches its route to the given Gateway',
  paramsSchema: gateway,
  apply: ({ request }, params) => targets(request, params),
  toQuery: params => resource => targets(resource.request, params),
});

const isEntityOwner = createPermissionRule({
  resourceRef: serviceNetworkRouteRequestResourceRef,
  name: 'IS_ENTITY_OWNER',
  description:
    "The route request's catalog entity is owned by one of the claims (the user's groups)",
  paramsSchema: claims,
  apply: ({ entityOwner }, params) =>
    entityOwner !== undefined && params.claims.includes(entityOwner),
  toQuery: params => resource =>
    resource.entityOwner !== undefined &&
    params.claims.includes(resource.entityOwner),
});

/** @public */
export const serviceNetworkRouteRequestPermissionRules = {
  isRequester,
  targetsGateway,
  isEntityOwner,
};

const conditionExports = createConditionExports({
  resourceRef: serviceNetworkRouteRequestResourceRef,
  rules: serviceNetworkRouteRequestPermissionRules,
});

/**
 * Conditions for a policy's decisions on route request permissions, e.g.
 * `serviceNetworkRouteRequestConditions.targetsGateway({ name: 'payments' })`.
 *
 * @public
 */
export const serviceNetworkRouteRequestConditions = conditionExports.conditions;

/**
 * A conditional decision on a route request permission
 * (`service-network.route-request.decide` or `.read`).
 *
 * @public
 */
export const createServiceNetworkRouteRequestConditionalDecision =
  conditionExports.createConditionalDecision;
