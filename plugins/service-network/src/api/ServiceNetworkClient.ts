import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  EntityServiceNetworkStatus,
  ExportRequest,
  ExportResponse,
  FleetOverview,
  RouteRequest,
  RouteRequestCreate,
  RouteRequestDecision,
  RouteRequestPlan,
  SERVICE_NETWORK_PLUGIN_ID,
  UnexportRequest,
} from '@service-network/backstage-plugin-service-network-common';
import { RouteRequestFilter, ServiceNetworkApi } from './ServiceNetworkApi';

/**
 * The backend answers 502 with its usual body when a write failed in some
 * cluster (or a route's apply failed): a result to show, not an error.
 */
const PARTIAL_FAILURE_STATUS = 502;

interface CallOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  /** Whether a 502 carries the normal answer rather than an error. */
  partialFailureHasBody?: boolean;
}

function entityPath(entityRef: CompoundEntityRef): string {
  const { namespace, kind, name } = entityRef;
  return [namespace, kind.toLocaleLowerCase('en-US'), name]
    .map(encodeURIComponent)
    .join('/');
}

function requestPath(id: string, action: string): string {
  return `/route-requests/${encodeURIComponent(id)}/${action}`;
}

function listQuery(filter: RouteRequestFilter): string {
  const query = new URLSearchParams();
  if (filter.states?.length) query.set('state', filter.states.join(','));
  if (filter.entityRef) query.set('entityRef', filter.entityRef);
  if (filter.mine) query.set('mine', 'true');
  const text = query.toString();
  return text ? `?${text}` : '';
}

/** A normal answer sent with an error status: JSON without the `error` of an error body. */
async function answerIn(response: Response): Promise<unknown> {
  const body = await response
    .clone()
    .json()
    .catch(() => undefined);
  return body && typeof body === 'object' && !('error' in body)
    ? body
    : undefined;
}

/**
 * Talks to the Service Network backend over HTTP, with the signed-in user's
 * token (added by the fetch API).
 *
 * @public
 */
export class ServiceNetworkClient implements ServiceNetworkApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getEntityStatus(
    entityRef: CompoundEntityRef,
  ): Promise<EntityServiceNetworkStatus> {
    return this.call(`/entities/${entityPath(entityRef)}/status`);
  }

  async getFleetOverview(): Promise<FleetOverview> {
    return this.call('/fleet');
  }

  async exportService(
    entityRef: CompoundEntityRef,
    request: ExportRequest,
  ): Promise<ExportResponse> {
    return this.call(`/entities/${entityPath(entityRef)}/export`, {
      method: 'POST',
      body: request,
      partialFailureHasBody: true,
    });
  }

  async unexportService(
    entityRef: CompoundEntityRef,
    request: UnexportRequest,
  ): Promise<ExportResponse> {
    return this.call(`/entities/${entityPath(entityRef)}/unexport`, {
      method: 'POST',
      body: request,
      partialFailureHasBody: true,
    });
  }

  async previewRouteRequest(
    request: RouteRequestCreate,
  ): Promise<RouteRequestPlan> {
    return this.call('/route-requests/preview', {
      method: 'POST',
      body: request,
    });
  }

  async createRouteRequest(request: RouteRequestCreate): Promise<RouteRequest> {
    return this.call('/route-requests', { method: 'POST', body: request });
  }

  async listRouteRequests(
    filter: RouteRequestFilter = {},
  ): Promise<RouteRequest[]> {
    const { items } = await this.call<{ items: RouteRequest[] }>(
      `/route-requests${listQuery(filter)}`,
    );
    return items;
  }

  async approveRouteRequest(
    id: string,
    decision: RouteRequestDecision,
  ): Promise<RouteRequest> {
    return this.call(requestPath(id, 'approve'), {
      method: 'POST',
      body: decision,
      partialFailureHasBody: true,
    });
  }

  async rejectRouteRequest(
    id: string,
    decision: Pick<RouteRequestDecision, 'comment'>,
  ): Promise<RouteRequest> {
    return this.call(requestPath(id, 'reject'), {
      method: 'POST',
      body: decision,
    });
  }

  async cancelRouteRequest(id: string): Promise<RouteRequest> {
    return this.call(requestPath(id, 'cancel'), { method: 'POST' });
  }

  async retryRouteRequest(id: string): Promise<RouteRequest> {
    return this.call(requestPath(id, 'retry'), {
      method: 'POST',
      partialFailureHasBody: true,
    });
  }

  private async call<T>(path: string, options: CallOptions = {}): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl(
      SERVICE_NETWORK_PLUGIN_ID,
    );
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method: options.method ?? 'GET',
      ...(options.method === 'POST'
        ? {
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(options.body ?? {}),
          }
        : {}),
    });
    if (response.ok) {
      return (await response.json()) as T;
    }
    if (
      options.partialFailureHasBody &&
      response.status === PARTIAL_FAILURE_STATUS
    ) {
      const answer = await answerIn(response);
      if (answer) return answer as T;
    }
    throw await ResponseError.fromResponse(response);
  }
}
