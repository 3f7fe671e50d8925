import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import type {
  AuthenticationStrategy,
  KubernetesClustersSupplier,
} from '@backstage/plugin-kubernetes-node';

/**
 * The Kubernetes plugin's clusters as it built them: its cluster supplier
 * (config, catalog, GKE or a custom one) and its authentication strategy,
 * which dispatches on each cluster's `authProvider` to the built-in and
 * custom strategies.
 *
 * @public
 */
export interface KubernetesPluginClusters {
  clusterSupplier: KubernetesClustersSupplier;
  authStrategy: AuthenticationStrategy;
}

/**
 * - `absent`: nothing hands the Kubernetes plugin's clusters over (the
 *   module `@service-network/backstage-plugin-kubernetes-backend-module-service-network`
 *   is not installed).
 * - `waiting`: the module is installed, but the Kubernetes plugin has not
 *   built its clusters (it is not installed, has no `kubernetes` config, or
 *   failed to start).
 * - `available`: the clusters, once the Kubernetes plugin has started.
 *
 * @public
 */
export type KubernetesPluginClustersState =
  | { status: 'absent' }
  | { status: 'waiting' }
  | ({ status: 'available' } & KubernetesPluginClusters);

/**
 * Hands the Kubernetes plugin's clusters to Service Network. The Kubernetes
 * plugin offers extension points into itself but no service other plugins
 * can call, so a module inside it provides them here and the Service Network
 * plugin reads them after every plugin has started.
 *
 * @public
 */
export interface KubernetesPluginClustersService {
  /** The module is installed: clusters should follow when the Kubernetes plugin starts. */
  expect(): void;
  /** Called once, from inside the Kubernetes plugin, with what it built. */
  provide(clusters: KubernetesPluginClusters): void;
  state(): KubernetesPluginClustersState;
}

class KubernetesPluginClustersHandOver
  implements KubernetesPluginClustersService
{
  private current: KubernetesPluginClustersState = { status: 'absent' };

  expect() {
    if (this.current.status === 'absent') this.current = { status: 'waiting' };
  }

  provide(clusters: KubernetesPluginClusters) {
    if (this.current.status === 'available') {
      throw new Error(
        "The Kubernetes plugin's clusters were already handed to Service Network; install one module that provides them",
      );
    }
    this.current = {
      status: 'available',
      clusterSupplier: clusters.clusterSupplier,
      authStrategy: clusters.authStrategy,
    };
  }

  state() {
    return this.current;
  }
}

/**
 * Root-scoped, so that the module inside the Kubernetes plugin and the
 * Service Network plugin share one instance.
 *
 * @public
 */
export const kubernetesPluginClustersServiceRef =
  createServiceRef<KubernetesPluginClustersService>({
    id: 'service-network.kubernetes-plugin-clusters',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {},
        factory: () => new KubernetesPluginClustersHandOver(),
      }),
  });
