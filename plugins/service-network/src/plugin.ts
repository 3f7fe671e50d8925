import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { SERVICE_NETWORK_PLUGIN_ID } from '@internal/plugin-service-network-common';
import { ServiceNetworkClient, serviceNetworkApiRef } from './api';
import { rootRouteRef } from './routes';

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
    root: rootRouteRef,
  },
});

/**
 * Shows whether the Service Network backend answers.
 *
 * @public
 */
export const ServiceNetworkStatusBanner = serviceNetworkPlugin.provide(
  createComponentExtension({
    name: 'ServiceNetworkStatusBanner',
    component: {
      lazy: () =>
        import('./components/ServiceNetworkStatusBanner').then(
          m => m.ServiceNetworkStatusBanner,
        ),
    },
  }),
);
