import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  EntityServiceNetworkStatus,
  FleetOverview,
  RouteRequest,
} from '@service-network/backstage-plugin-service-network-common';
import { RouteRequestFilter, serviceNetworkApiRef } from '../api';
import { PollInterval, PolledValue, usePolledValue } from './usePolledValue';

/** The Service Network status of the current entity, kept fresh. */
export function useEntityServiceNetworkStatus(
  interval?: PollInterval<EntityServiceNetworkStatus>,
): PolledValue<EntityServiceNetworkStatus> {
  const { entity } = useEntity();
  const api = useApi(serviceNetworkApiRef);
  const entityRef = getCompoundEntityRef(entity);
  return usePolledValue(
    () => api.getEntityStatus(entityRef),
    [api, stringifyEntityRef(entityRef)],
    interval,
  );
}

/** The fleet overview, kept fresh. */
export function useFleetOverview(): PolledValue<FleetOverview> {
  const api = useApi(serviceNetworkApiRef);
  return usePolledValue(() => api.getFleetOverview(), [api]);
}

/** Route requests matching `filter`, kept fresh. */
export function useRouteRequests(
  filter: RouteRequestFilter,
  interval?: PollInterval<RouteRequest[]>,
): PolledValue<RouteRequest[]> {
  const api = useApi(serviceNetworkApiRef);
  return usePolledValue(
    () => api.listRouteRequests(filter),
    [api, JSON.stringify(filter)],
    interval,
  );
}
