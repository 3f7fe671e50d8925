import { createRouteRef } from '@backstage/frontend-plugin-api';

/**
 * The Service Network page of the new frontend system, whose sub-pages are
 * the fleet and the route requests; the legacy system has no such page.
 */
export const rootRouteRef = createRouteRef();
