/*
 * The extensions of the new frontend system. Each wraps the component the
 * legacy exports use; compatWrapper lets them reach the legacy APIs.
 */
import {
  compatWrapper,
  convertLegacyRouteRef,
} from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  PageBlueprint,
  SubPageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { isServiceNetworkAvailable } from '@service-network/backstage-plugin-service-network-common';
import AssignmentIcon from '@material-ui/icons/Assignment';
import CloudIcon from '@material-ui/icons/Cloud';
import { serviceNetworkApiFactory } from '../api/serviceNetworkApiFactory';
import {
  entityContentRouteRef,
  fleetRouteRef,
  requestsRouteRef,
} from '../routes';
import { rootRouteRef } from './routes';

/** `api:service-network`: the backend client. */
export const serviceNetworkApi = ApiBlueprint.make({
  params: defineParams => defineParams(serviceNetworkApiFactory),
});

/** `entity-content:service-network`: the entity tab. */
export const serviceNetworkEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/service-network',
    title: 'Service Network',
    routeRef: convertLegacyRouteRef(entityContentRouteRef),
    filter: isServiceNetworkAvailable,
    loader: () =>
      import('../components/EntityServiceNetworkContent').then(m =>
        compatWrapper(<m.EntityServiceNetworkContent />),
      ),
  },
});

/** `entity-card:service-network`: the entity card, for the overview. */
export const serviceNetworkEntityCard = EntityCardBlueprint.make({
  params: {
    filter: isServiceNetworkAvailable,
    loader: () =>
      import('../components/EntityServiceNetworkCard').then(m =>
        compatWrapper(<m.EntityServiceNetworkCard />),
      ),
  },
});

/**
 * `page:service-network`: the page its sub-pages show as tabs under one
 * header, and the app's navigation shows with the plugin's title and icon.
 */
export const serviceNetworkPage = PageBlueprint.make({
  params: {
    path: '/service-network',
    routeRef: rootRouteRef,
  },
});

/** `sub-page:service-network/fleet`: the fleet, for the platform team. */
export const serviceNetworkFleetSubPage = SubPageBlueprint.make({
  name: 'fleet',
  params: {
    path: 'fleet',
    title: 'Fleet',
    icon: <CloudIcon />,
    routeRef: convertLegacyRouteRef(fleetRouteRef),
    loader: () =>
      import('../components/ServiceNetworkFleetPage').then(m =>
        compatWrapper(<m.FleetOverviewContent />),
      ),
  },
});

/** `sub-page:service-network/requests`: the route requests. */
export const serviceNetworkRequestsSubPage = SubPageBlueprint.make({
  name: 'requests',
  params: {
    path: 'requests',
    title: 'Route requests',
    icon: <AssignmentIcon />,
    routeRef: convertLegacyRouteRef(requestsRouteRef),
    loader: () =>
      import('../components/ServiceNetworkRequestsPage').then(m =>
        compatWrapper(<m.RouteRequestsContent />),
      ),
  },
});
