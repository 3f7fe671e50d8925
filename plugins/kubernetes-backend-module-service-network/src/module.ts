import { createBackendModule } from '@backstage/backend-plugin-api';
import { kubernetesObjectsProviderExtensionPoint } from '@backstage/plugin-kubernetes-node';
import { kubernetesPluginClustersServiceRef } from '@service-network/backstage-plugin-service-network-node';

/**
 * Hands the Kubernetes plugin's cluster supplier and authentication
 * strategies to Service Network, so that a cluster configured for the
 * Kubernetes plugin (in `kubernetes.clusterLocatorMethods` of any type, or by
 * a custom supplier, with any auth strategy, custom ones included) needs only
 * its name and role under `serviceNetwork.clusters`.
 *
 * The Kubernetes plugin passes its supplier and its strategies only to the
 * factories of its extension points. This module registers an objects
 * provider factory that takes them and answers the plugin's own default
 * provider, so the Kubernetes plugin behaves exactly as without it. The
 * plugin accepts one objects provider: a backend that installs its own
 * provides the clusters from that module instead, through
 * `kubernetesPluginClustersServiceRef`.
 *
 * @public
 */
export const kubernetesModuleServiceNetwork = createBackendModule({
  pluginId: 'kubernetes',
  moduleId: 'service-network',
  register(reg) {
    reg.registerInit({
      deps: {
        objectsProviders: kubernetesObjectsProviderExtensionPoint,
        handOver: kubernetesPluginClustersServiceRef,
      },
      async init({ objectsProviders, handOver }) {
        handOver.expect();
        objectsProviders.addObjectsProvider(
          async ({ getDefault, clusterSupplier, authStrategy }) => {
            handOver.provide({ clusterSupplier, authStrategy });
            return getDefault();
          },
        );
      },
    });
  },
});
