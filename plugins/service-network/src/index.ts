/**
 * Service Network for Backstage: exports, imports, routes and Lattice DNS
 * names of a service, across clusters.
 *
 * @packageDocumentation
 */

export {
  serviceNetworkPlugin,
  EntityServiceNetworkCard,
  EntityServiceNetworkContent,
  ServiceNetworkFleetPage,
  ServiceNetworkRequestsPage,
} from './plugin';
export {
  entityContentRouteRef,
  fleetRouteRef,
  requestsRouteRef,
} from './routes';
export {
  serviceNetworkApiRef,
  ServiceNetworkClient,
  planChangeOf,
} from './api';
export type { ServiceNetworkApi, RouteRequestFilter } from './api';
export { isServiceNetworkAvailable } from '@service-network/backstage-plugin-service-network-common';
