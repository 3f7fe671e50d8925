import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * Where an app mounts the Service Network tab of an entity page.
 *
 * @public
 */
export const entityContentRouteRef = createRouteRef({
  id: 'service-network:entity-content',
});

/**
 * Where an app mounts the Service Network fleet page.
 *
 * @public
 */
export const fleetRouteRef = createRouteRef({
  id: 'service-network:fleet',
});

/**
 * Where an app mounts the Service Network route requests page.
 *
 * @public
 */
export const requestsRouteRef = createRouteRef({
  id: 'service-network:requests',
});
