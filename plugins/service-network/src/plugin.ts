import {
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { SERVICE_NETWORK_PLUGIN_ID } from '@service-network/backstage-plugin-service-network-common';
import { serviceNetworkApiFactory } from './api/serviceNetworkApiFactory';
import {
  entityContentRouteRef,
  fleetRouteRef,
  requestsRouteRef,
} from './routes';

/**
 * The Service Network frontend plugin.
 *
 * @public
 */
export const serviceNetworkPlugin = createPlugin({
  id: SERVICE_NETWORK_PLUGIN_ID,
  apis: [serviceNetworkApiFactory],
  routes: {
    entityContent: entityContentRouteRef,
    fleet: fleetRouteRef,
    requests: requestsRouteRef,
  },
});

/**
 * Entity card: the Service's DNS names, its overall state and one chip per
 * workload cluster, with "Export service", "Stop exporting" and "Request
 * route" for those allowed. Show it where `isServiceNetworkAvailable(entity)`.
 *
 * @public
 */
export const EntityServiceNetworkCard: () => JSX.Element = serviceNetworkPlugin.provide(
  createComponentExtension({
    name: 'EntityServiceNetworkCard',
    component: {
      lazy: () =>
        import('./components/EntityServiceNetworkCard').then(
          m => m.EntityServiceNetworkCard,
        ),
    },
  }),
);

/**
 * Entity tab: the actions of the card, findings, topology, the detail per
 * cluster, route and ServiceImport, and the Service's route requests. Show
 * it where `isServiceNetworkAvailable(entity)`.
 *
 * @public
 */
export const EntityServiceNetworkContent: () => JSX.Element = serviceNetworkPlugin.provide(
  createRoutableExtension({
    name: 'EntityServiceNetworkContent',
    component: () =>
      import('./components/EntityServiceNetworkContent').then(
        m => m.EntityServiceNetworkContent,
      ),
    mountPoint: entityContentRouteRef,
  }),
);

/**
 * The fleet page for the platform team: clusters and their sync state,
 * VPC Lattice, service networks and their Gateways, and counts.
 *
 * @public
 */
export const ServiceNetworkFleetPage: () => JSX.Element = serviceNetworkPlugin.provide(
  createRoutableExtension({
    name: 'ServiceNetworkFleetPage',
    component: () =>
      import('./components/ServiceNetworkFleetPage').then(
        m => m.ServiceNetworkFleetPage,
      ),
    mountPoint: fleetRouteRef,
  }),
);

/**
 * The route requests page: the platform team approves or rejects pending
 * requests after reading exactly what each applies; everyone else follows
 * their own requests.
 *
 * @public
 */
export const ServiceNetworkRequestsPage: () => JSX.Element = serviceNetworkPlugin.provide(
  createRoutableExtension({
    name: 'ServiceNetworkRequestsPage',
    component: () =>
      import('./components/ServiceNetworkRequestsPage').then(
        m => m.ServiceNetworkRequestsPage,
      ),
    mountPoint: requestsRouteRef,
  }),
);
