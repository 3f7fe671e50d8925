/*
 * Every provider by id. The one place that knows them all: composers,
 * the inventory and the export planner look providers up here.
 */
import type {
  ExportApi,
  ProviderId,
  ProviderSetting,
} from '@service-network/backstage-plugin-service-network-common';
import { awsGatewayController } from './awsGatewayController';
import { ciliumClusterMesh } from './ciliumClusterMesh';
import { gkeMcs } from './gkeMcs';
import { linkerd } from './linkerd';
import { istio } from './istio';
import { mcs } from './mcs';
import type { ServiceNetworkProvider } from './types';

const PROVIDERS: Record<ProviderId, ServiceNetworkProvider> = {
  'aws-gateway-controller': awsGatewayController,
  mcs,
  'gke-mcs': gkeMcs,
  'cilium-clustermesh': ciliumClusterMesh,
  linkerd,
  istio,
};

export function providerOf(setting: ProviderSetting): ServiceNetworkProvider {
  return PROVIDERS[setting.id];
}

/** The API family of a cluster's first provider, for `exportApi`. */
export function primaryFamily(
  providers: readonly ProviderSetting[],
): ExportApi {
  return providers.length ? providerOf(providers[0]).reader.family : 'aws';
}
