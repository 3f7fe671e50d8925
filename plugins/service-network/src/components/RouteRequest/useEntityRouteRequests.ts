import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { RouteRequest } from '@service-network/backstage-plugin-service-network-common';
import {
  FOLLOW_INTERVAL_MS,
  PolledValue,
  POLL_INTERVAL_MS,
} from '../../hooks/usePolledValue';
import { useRouteRequests } from '../../hooks/useServiceNetworkData';

/** Whether a request is about to change by itself: being applied, or applied and awaiting its DNS name. */
function isSettling(request: RouteRequest): boolean {
  return (
    request.state === 'approved' ||
    request.state === 'applying' ||
    (request.state === 'applied' && !request.dnsName)
  );
}

/** How often to ask: faster while some request is settling. */
export function requestsPollInterval(requests?: RouteRequest[]): number {
  return requests?.some(isSettling) ? FOLLOW_INTERVAL_MS : POLL_INTERVAL_MS;
}

/** The current entity's route requests, polled faster while one is settling. */
export function useEntityRouteRequests(): PolledValue<RouteRequest[]> {
  const { entity } = useEntity();
  return useRouteRequests(
    { entityRef: stringifyEntityRef(entity) },
    requestsPollInterval,
  );
}
