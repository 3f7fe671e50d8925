import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { SERVICE_NETWORK_PLUGIN_ID } from '@internal/plugin-service-network-common';
import { ServiceNetworkClient, serviceNetworkApiRef } from './api';
import { entityContentRouteRef, fleetRouteRef } from './routes';

/**
 * The Service Network frontend plugin.
 *
 * @public
 */
export const serviceNetworkPlugin = createPlugin({
  id: SERVICE_NETWORK_PLUGIN_ID,
  apis: [
    createApiFactory({
      api: serviceNetworkApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ServiceNetworkClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    entityContent: entityContentRouteRef,
    fleet: fleetRouteRef,
  },
});

/**
 * Entity card: the Service's DNS names, its overall state and one chip per
 * workload cluster. Show it where `isServiceNetworkAvailable(entity)`.
 *
 * @public
 */
export const EntityServiceNetworkCard = serviceNetworkPlugin.provide(
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
 * Entity tab: findings, topology, and the detail per cluster, route and
 * ServiceImport. Show it where `isServiceNetworkAvailable(entity)`.
 *
 * @public
 */
export const EntityServiceNetworkContent = serviceNetworkPlugin.provide(
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
export const ServiceNetworkFleetPage = serviceNetworkPlugin.provide(
  createRoutableExtension({
    name: 'ServiceNetworkFleetPage',
    component: () =>
      import('./components/ServiceNetworkFleetPage').then(
        m => m.ServiceNetworkFleetPage,
      ),
    mountPoint: fleetRouteRef,
  }),
);
