import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CompoundEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  EntityServiceNetworkStatus,
  FleetOverview,
  serviceRefForEntity,
} from '@internal/plugin-service-network-common';
import type { Inventory } from '../inventory/inventory';
import { composeEntityStatus, composeFleetOverview } from '../status';

/** What the REST API offers, answered from memory. */
export interface ServiceNetworkService {
  getEntityStatus(
    entityRef: CompoundEntityRef,
    options: { credentials: BackstageCredentials },
  ): Promise<EntityServiceNetworkStatus>;
  getFleetOverview(): FleetOverview;
}

export class DefaultServiceNetworkService implements ServiceNetworkService {
  static create(options: {
    catalog: CatalogService;
    /** Absent when the `serviceNetwork` section is not configured. */
    inventory?: Inventory;
    staleAfterMs: number;
    now?: () => Date;
  }): ServiceNetworkService {
    return new DefaultServiceNetworkService(
      options.catalog,
      options.inventory,
      options.staleAfterMs,
      options.now ?? (() => new Date()),
    );
  }

  private constructor(
    private readonly catalog: CatalogService,
    private readonly inventory: Inventory | undefined,
    private readonly staleAfterMs: number,
    private readonly now: () => Date,
  ) {}

  async getEntityStatus(
    entityRef: CompoundEntityRef,
    options: { credentials: BackstageCredentials },
  ): Promise<EntityServiceNetworkStatus> {
    // Read with the caller's credentials, so an entity they cannot see is a 404 like any other.
    const entity = await this.catalog.getEntityByRef(entityRef, options);
    if (!entity) {
      throw new NotFoundError(`No entity ${stringifyEntityRef(entityRef)} in the catalog`);
    }
    const service = serviceRefForEntity(entity);
    return composeEntityStatus({
      entityRef: stringifyEntityRef(entity),
      service,
      snapshot: this.requireInventory().snapshot(),
      now: this.now(),
      staleAfterMs: this.staleAfterMs,
    });
  }

  getFleetOverview(): FleetOverview {
    return composeFleetOverview(this.requireInventory().snapshot());
  }

  private requireInventory(): Inventory {
    if (!this.inventory) {
      throw new ServiceUnavailableError(
        'Service Network has no clusters configured: add the serviceNetwork section to app-config (see the README)',
      );
    }
    return this.inventory;
  }
}
