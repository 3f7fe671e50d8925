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
} from './plugin';
export { entityContentRouteRef, fleetRouteRef } from './routes';
export { serviceNetworkApiRef, ServiceNetworkClient } from './api';
export type { ServiceNetworkApi } from './api';
export { isServiceNetworkAvailable } from '@internal/plugin-service-network-common';
