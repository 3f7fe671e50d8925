import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { KubernetesCredential } from '@backstage/plugin-kubernetes-node';
import type {
  ClusterRole,
  ExportApi,
  McsImplementation,
  ProviderId,
} from '@service-network/backstage-plugin-service-network-common';

/**
 * A cluster a backend module gives Service Network: its role, where its API
 * server is (the fields of the Kubernetes plugin's `ClusterDetails`) and how
 * to authenticate to it (the Kubernetes plugin's `KubernetesCredential`).
 *
 * @public
 */
export interface ServiceNetworkCluster {
  /**
   * Unique across every source of clusters; for a workload cluster, the name
   * the AWS Gateway API Controller tags its target groups with (`CLUSTER_NAME`).
   */
  name: string;
  /** Shown in the UI; default: the name. */
  title?: string;
  role: ClusterRole;
  /**
   * The multi-cluster systems a workload cluster exports with, in order;
   * default `['aws-gateway-controller']`.
   */
  providers?: Array<
    ProviderId | { name: ProviderId; implementation?: McsImplementation }
  >;
  /** The older way to name one provider: `aws` or `mcs`; give `providers` instead. */
  serviceExportApi?: ExportApi;
  /** The API server's URL. */
  url: string;
  /** Base64-encoded PEM of the API server's CA. */
  caData?: string;
  /** Path to a PEM file with the API server's CA. */
  caFile?: string;
  /** Skip TLS verification of the API server (development only). */
  skipTLSVerify?: boolean;
  /**
   * A credential for the cluster: a bearer token, a client certificate, or
   * anonymous. Service Network reuses one for at most a minute and asks
   * again at once when the cluster refuses it (401), so short-lived tokens
   * need no refresh logic of their own. Credentials stay in the backend.
   */
  getCredential(): Promise<KubernetesCredential>;
}

/**
 * Supplies clusters to Service Network, beside those of the `serviceNetwork`
 * config section and the Kubernetes plugin's.
 *
 * @public
 */
export interface ServiceNetworkClusterSupplier {
  /** Read once, when the backend starts. */
  getClusters(): Promise<ServiceNetworkCluster[]>;
}

/**
 * Lets a backend module supply clusters to Service Network.
 *
 * @public
 */
export interface ServiceNetworkClustersExtensionPoint {
  addClusterSupplier(supplier: ServiceNetworkClusterSupplier): void;
}

/**
 * The extension point for {@link ServiceNetworkClustersExtensionPoint}.
 *
 * @public
 */
export const serviceNetworkClustersExtensionPoint =
  createExtensionPoint<ServiceNetworkClustersExtensionPoint>({
    id: 'service-network.clusters',
  });
