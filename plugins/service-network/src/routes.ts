import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * Where an app mounts the Service Network page.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({
  id: 'service-network',
});
