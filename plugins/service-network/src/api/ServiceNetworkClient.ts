import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  EntityServiceNetworkStatus,
  FleetOverview,
  SERVICE_NETWORK_PLUGIN_ID,
} from '@internal/plugin-service-network-common';
import { ServiceNetworkApi } from './ServiceNetworkApi';

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
    const { namespace, kind, name } = entityRef;
    const path = [namespace, kind.toLocaleLowerCase('en-US'), name]
      .map(encodeURIComponent)
      .join('/');
    return this.get<EntityServiceNetworkStatus>(`/entities/${path}/status`);
  }

  async getFleetOverview(): Promise<FleetOverview> {
    return this.get<FleetOverview>('/fleet');
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl(
      SERVICE_NETWORK_PLUGIN_ID,
    );
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
