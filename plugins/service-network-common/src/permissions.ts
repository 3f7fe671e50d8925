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
 * Deciding on route requests (approve, reject, retry a failed apply): the
 * platform team's permission.
 *
 * @public
 */
export const serviceNetworkRouteRequestApprovePermission = createPermission({
  name: 'service-network.route-request.approve',
  attributes: { action: 'update' },
});

/** @public */
export const serviceNetworkPermissions = [
  serviceNetworkExportPermission,
  serviceNetworkRouteRequestCreatePermission,
  serviceNetworkRouteRequestApprovePermission,
];
