import { createApiRef } from '@backstage/core-plugin-api';
import { HealthResponse } from '@internal/plugin-service-network-common';

/**
 * Client for the Service Network backend.
 *
 * @public
 */
export interface ServiceNetworkApi {
  /** Resolves when the backend answers; rejects with a ResponseError otherwise. */
  getHealth(): Promise<HealthResponse>;
}

/**
 * @public
 */
export const serviceNetworkApiRef = createApiRef<ServiceNetworkApi>({
  id: 'plugin.service-network.service',
});
