import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Exporting (and un-exporting) a catalog entity's Service. A resource
 * permission on the entity, so a policy can allow it to the entity's owners
 * only (the catalog's `isEntityOwner` rule).
 *
 * @public
 */
export const serviceNetworkExportPermission = createPermission({
  name: 'service-network.service.export',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/**
 * Asking for a route to a service (creating a route request).
 *
 * @public
 */
export const serviceNetworkRouteRequestCreatePermission = createPermission({
  name: 'service-network.route-request.create',
  attributes: { action: 'create' },
});

/**
 * The permission resource type of route requests: a policy's conditions on
 * them use the rules of `serviceNetworkRouteRequestPermissionRules`
 * (`@service-network/backstage-plugin-service-network-node`).
 *
 * @public
 */
export const RESOURCE_TYPE_SERVICE_NETWORK_ROUTE_REQUEST =
  'service-network-route-request';

/**
 * Acting as an approver of route requests at all: the requests page shows
 * every request with Approve and Reject to those allowed. Deciding one
 * request also needs `serviceNetworkRouteRequestDecidePermission` on it and
 * membership in `serviceNetwork.routeRequests.approvers`.
 *
 * @public
 */
export const serviceNetworkRouteRequestApprovePermission = createPermission({
  name: 'service-network.route-request.approve',
  attributes: { action: 'update' },
});

/**
 * Deciding one route request (approve, reject, retry a failed apply): a
 * resource permission, so a policy can grant the approval of one gateway's
 * routes to one team with a conditional decision.
 *
 * @public
 */
export const serviceNetworkRouteRequestDecidePermission = createPermission({
  name: 'service-network.route-request.decide',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_SERVICE_NETWORK_ROUTE_REQUEST,
});

/**
 * Reading one route request, on top of reading its catalog entity (a
 * request for an entity the caller may not read is hidden either way).
 *
 * @public
 */
export const serviceNetworkRouteRequestReadPermission = createPermission({
  name: 'service-network.route-request.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_SERVICE_NETWORK_ROUTE_REQUEST,
});

/** @public */
export const serviceNetworkPermissions = [
  serviceNetworkExportPermission,
  serviceNetworkRouteRequestCreatePermission,
  serviceNetworkRouteRequestApprovePermission,
  serviceNetworkRouteRequestDecidePermission,
  serviceNetworkRouteRequestReadPermission,
];
