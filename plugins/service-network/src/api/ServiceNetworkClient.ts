import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  HealthResponse,
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

  async getHealth(): Promise<HealthResponse> {
    return this.get<HealthResponse>('/health');
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
