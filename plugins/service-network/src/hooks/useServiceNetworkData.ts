import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  EntityServiceNetworkStatus,
  FleetOverview,
} from '@internal/plugin-service-network-common';
import { serviceNetworkApiRef } from '../api';
import { PolledValue, usePolledValue } from './usePolledValue';

/** The Service Network status of the current entity, kept fresh. */
export function useEntityServiceNetworkStatus(): PolledValue<EntityServiceNetworkStatus> {
  const { entity } = useEntity();
  const api = useApi(serviceNetworkApiRef);
  const entityRef = getCompoundEntityRef(entity);
  return usePolledValue(
    () => api.getEntityStatus(entityRef),
    [api, stringifyEntityRef(entityRef)],
  );
}

/** The fleet overview, kept fresh. */
export function useFleetOverview(): PolledValue<FleetOverview> {
  const api = useApi(serviceNetworkApiRef);
  return usePolledValue(() => api.getFleetOverview(), [api]);
}
