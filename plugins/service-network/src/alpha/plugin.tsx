import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { SERVICE_NETWORK_PLUGIN_ID } from '@service-network/backstage-plugin-service-network-common';
import DeviceHubIcon from '@material-ui/icons/DeviceHub';
import {
  entityContentRouteRef,
  fleetRouteRef,
  requestsRouteRef,
} from '../routes';
import {
  serviceNetworkApi,
  serviceNetworkEntityCard,
  serviceNetworkEntityContent,
  serviceNetworkFleetSubPage,
  serviceNetworkPage,
  serviceNetworkRequestsSubPage,
} from './extensions';
import { rootRouteRef } from './routes';

/**
 * The Service Network plugin for the new frontend system: the backend
 * client, the entity tab and card (for entities that map to a Kubernetes
 * Service), and the Service Network page with the fleet and the route
 * requests as sub-pages. An app with `app.packages: all` finds it on its
 * own; each extension can be disabled or configured under `app.extensions`.
 *
 * @alpha
 */
export const serviceNetworkPlugin = createFrontendPlugin({
  pluginId: SERVICE_NETWORK_PLUGIN_ID,
  title: 'Service Network',
  icon: <DeviceHubIcon />,
  info: { packageJson: () => import('../../package.json') },
  routes: {
    root: rootRouteRef,
    fleet: convertLegacyRouteRef(fleetRouteRef),
    requests: convertLegacyRouteRef(requestsRouteRef),
    entityContent: convertLegacyRouteRef(entityContentRouteRef),
  },
  extensions: [
    serviceNetworkApi,
    serviceNetworkEntityContent,
    serviceNetworkEntityCard,
    serviceNetworkPage,
    serviceNetworkFleetSubPage,
    serviceNetworkRequestsSubPage,
  ],
});
