import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import {
  EntityServiceNetworkStatus,
  ExportRequest,
  ExportResponse,
  FleetOverview,
  RouteRequest,
  RouteRequestCreate,
  RouteRequestDecision,
  RouteRequestPlan,
  RouteRequestState,
  UnexportRequest,
} from '@service-network/backstage-plugin-service-network-common';

/**
 * Which route requests to list; all of them when empty.
 *
 * @public
 */
export interface RouteRequestFilter {
  states?: RouteRequestState[];
  /** e.g. `component:default/checkout`. */
  entityRef?: string;
  /** Only the signed-in user's own requests. */
  mine?: boolean;
}

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

  /**
   * Writes (or with `dryRun`, plans) the entity's ServiceExport in each
   * chosen cluster. Resolves also when some cluster failed: its result
   * says why, and the others were written.
   */
  exportService(
    entityRef: CompoundEntityRef,
    request: ExportRequest,
  ): Promise<ExportResponse>;

  /** Deletes the entity's ServiceExport in each chosen cluster; resolves like `exportService`. */
  unexportService(
    entityRef: CompoundEntityRef,
    request: UnexportRequest,
  ): Promise<ExportResponse>;

  /** The plan a route request would get; stores nothing. */
  previewRouteRequest(request: RouteRequestCreate): Promise<RouteRequestPlan>;

  /** A new pending request; 409 when an open request holds the route. */
  createRouteRequest(request: RouteRequestCreate): Promise<RouteRequest>;

  /** Newest first; pending ones first for those allowed to approve. */
  listRouteRequests(filter?: RouteRequestFilter): Promise<RouteRequest[]>;

  /**
   * Approves and applies a request. Resolves with the request also when the
   * apply failed (state `failed`). Rejects with 409 when the cluster changed
   * since the plan: `planChangeOf(error)` is then what changed.
   */
  approveRouteRequest(
    id: string,
    decision: RouteRequestDecision,
  ): Promise<RouteRequest>;

  rejectRouteRequest(
    id: string,
    decision: Pick<RouteRequestDecision, 'comment'>,
  ): Promise<RouteRequest>;

  /** The requester's own pending or failed request. */
  cancelRouteRequest(id: string): Promise<RouteRequest>;

  /** Applies a failed request again; resolves and rejects like `approveRouteRequest`. */
  retryRouteRequest(id: string): Promise<RouteRequest>;
}

/**
 * @public
 */
export const serviceNetworkApiRef = createApiRef<ServiceNetworkApi>({
  id: 'plugin.service-network.service',
});
