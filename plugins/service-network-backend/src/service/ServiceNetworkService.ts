import type {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  EntityServiceNetworkStatus,
  ExportRequest,
  ExportResponse,
  FleetOverview,
  serviceNetworkExportPermission,
  serviceRefForEntity,
  UnexportRequest,
} from '@service-network/backstage-plugin-service-network-common';
import type { EntityDirectory } from '../catalog/EntityDirectory';
import { auditedWrite } from '../exports/auditedWrite';
import type { ExportTarget, ServiceExporter } from '../exports/ServiceExporter';
import { callerOwnership, entityOwnerOf, NamespaceGuard } from '../guard';
import type { Inventory } from '../inventory/inventory';
import { composeEntityStatus, composeFleetOverview } from '../status';
import { ServiceNetworkCaller, userOf } from './caller';

/**
 * What the REST API and the actions offer, for signed-in users. Reads are
 * answered from memory; exports and unexports are audited.
 */
export interface ServiceNetworkService {
  getEntityStatus(
    entityRef: CompoundEntityRef,
    caller: ServiceNetworkCaller,
  ): Promise<EntityServiceNetworkStatus>;
  getFleetOverview(caller: ServiceNetworkCaller): FleetOverview;
  /** Checks the caller may export the entity (every call, dry runs too), then plans and applies. */
  exportService(
    entityRef: CompoundEntityRef,
    request: ExportRequest,
    caller: ServiceNetworkCaller,
  ): Promise<ExportResponse>;
  unexportService(
    entityRef: CompoundEntityRef,
    request: UnexportRequest,
    caller: ServiceNetworkCaller,
  ): Promise<ExportResponse>;
}

export class DefaultServiceNetworkService implements ServiceNetworkService {
  static create(options: {
    catalog: CatalogService;
    permissions: PermissionsService;
    directory: EntityDirectory;
    inventory: Inventory;
    exporter: ServiceExporter;
    auditor: AuditorService;
    guard: NamespaceGuard;
    userInfo: UserInfoService;
    staleAfterMs: number;
    now?: () => Date;
  }): ServiceNetworkService {
    return new DefaultServiceNetworkService(
      options.catalog,
      options.permissions,
      options.auditor,
      options.directory,
      options.inventory,
      options.exporter,
      options.guard,
      options.userInfo,
      options.staleAfterMs,
      options.now ?? (() => new Date()),
    );
  }

  private constructor(
    private readonly catalog: CatalogService,
    private readonly permissions: PermissionsService,
    private readonly auditor: AuditorService,
    private readonly directory: EntityDirectory,
    private readonly inventory: Inventory,
    private readonly exporter: ServiceExporter,
    private readonly guard: NamespaceGuard,
    private readonly userInfo: UserInfoService,
    private readonly staleAfterMs: number,
    private readonly now: () => Date,
  ) {}

  async getEntityStatus(
    entityRef: CompoundEntityRef,
    { credentials }: ServiceNetworkCaller,
  ): Promise<EntityServiceNetworkStatus> {
    userOf(credentials);
    const { entityRef: ref, service, owner } = await this.directory.lookup(entityRef, { credentials });
    const { inventory } = this;
    const status = composeEntityStatus({
      entityRef: ref,
      service,
      namespaceVerdict: this.guard.judge({ namespace: service.namespace, entityOwner: owner }),
      snapshot: inventory.snapshot(),
      now: this.now(),
      staleAfterMs: this.staleAfterMs,
    });
    // Someone is looking: their exports' target groups are read first (page polls show them).
    const exportNames = new Set([service.name, ...status.clusters.flatMap(c => (c.export ? [c.export.name] : []))]);
    inventory.wantLatticeDetails([...exportNames].map(name => ({ namespace: service.namespace, name })));
    return status;
  }

  getFleetOverview({ credentials }: ServiceNetworkCaller): FleetOverview {
    userOf(credentials);
    return composeFleetOverview(this.inventory.snapshot());
  }

  async exportService(
    entityRef: CompoundEntityRef,
    request: ExportRequest,
    caller: ServiceNetworkCaller,
  ): Promise<ExportResponse> {
    userOf(caller.credentials);
    const meta = {
      entityRef: stringifyEntityRef(entityRef),
      clusters: request.clusters ?? null,
      ports: request.ports ?? null,
      dryRun: request.dryRun ?? false,
    };
    return auditedWrite(this.auditor, { eventId: 'service-export', caller, meta }, async () =>
      this.exporter.export(await this.exportTarget(entityRef, caller.credentials), request),
    );
  }

  async unexportService(
    entityRef: CompoundEntityRef,
    request: UnexportRequest,
    caller: ServiceNetworkCaller,
  ): Promise<ExportResponse> {
    userOf(caller.credentials);
    const meta = {
      entityRef: stringifyEntityRef(entityRef),
      clusters: request.clusters ?? null,
      dryRun: request.dryRun ?? false,
    };
    return auditedWrite(this.auditor, { eventId: 'service-unexport', caller, meta }, async () =>
      this.exporter.unexport(await this.exportTarget(entityRef, caller.credentials), request),
    );
  }

  /**
   * Read with the caller's credentials, so an entity they cannot see is a 404 like any other.
   * Exports read the catalog rather than the directory: they are rare and act on the entity as it is now.
   */
  private async findEntity(
    entityRef: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity ${stringifyEntityRef(entityRef)} in the catalog`);
    }
    return entity;
  }

  /**
   * A resource permission on the entity, so a policy can limit exporting to
   * its owners; then the namespace guard, whatever the policy allows.
   */
  private async exportTarget(
    entityRef: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<ExportTarget> {
    const entity = await this.findEntity(entityRef, credentials);
    const ref = stringifyEntityRef(entity);
    const [decision] = await this.permissions.authorize(
      [{ permission: serviceNetworkExportPermission, resourceRef: ref }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError(
        `You may not export or unexport ${ref}: the permission policy denies ${serviceNetworkExportPermission.name}`,
      );
    }
    const service = serviceRefForEntity(entity);
    this.guard.check({
      namespace: service.namespace,
      entityOwner: entityOwnerOf(entity),
      callerOwnership: await callerOwnership(this.userInfo, credentials),
    });
    return { entityRef: ref, service };
  }
}
