import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import {
  EntityServiceNetworkStatus,
  FleetOverview,
} from '@internal/plugin-service-network-common';

/**
 * Client for the Service Network backend. Methods reject with a
 * ResponseError when the backend answers with an error status.
 *
 * @public
 */
export interface ServiceNetworkApi {
  /**
   * The status of the Service a catalog entity stands for, across the fleet.
   * A 404 means the entity is not in the catalog or not visible to the user;
   * a 400 that its annotations do not name a valid Service.
   */
  getEntityStatus(
    entityRef: CompoundEntityRef,
  ): Promise<EntityServiceNetworkStatus>;

  /** Every cluster and service network, with its sync state and counts. */
  getFleetOverview(): Promise<FleetOverview>;
}

/**
 * @public
 */
export const serviceNetworkApiRef = createApiRef<ServiceNetworkApi>({
  id: 'plugin.service-network.service',
});
