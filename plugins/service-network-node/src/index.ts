/**
 * Node.js library of the Service Network plugin: the extension points
 * backend modules use to supply clusters and route request notifiers, the
 * hand-over of the Kubernetes plugin's clusters, and the app links the
 * backend and its modules send.
 *
 * @packageDocumentation
 */

export {
  serviceNetworkClustersExtensionPoint,
  type ServiceNetworkCluster,
  type ServiceNetworkClusterSupplier,
  type ServiceNetworkClustersExtensionPoint,
} from './clusters';
export {
  serviceNetworkNotifiersExtensionPoint,
  type RouteRequestApproverNotice,
  type RouteRequestNotifier,
  type RouteRequestRequesterNotice,
  type ServiceNetworkNotifiersExtensionPoint,
} from './notifiers';
export { ServiceNetworkAppLinks, type AppLink } from './links';
export {
  kubernetesPluginClustersServiceRef,
  type KubernetesPluginClusters,
  type KubernetesPluginClustersService,
  type KubernetesPluginClustersState,
} from './kubernetesPluginClusters';
export {
  serviceNetworkRouteRequestResourceRef,
  serviceNetworkRouteRequestPermissionRules,
  serviceNetworkRouteRequestConditions,
  createServiceNetworkRouteRequestConditionalDecision,
  type RouteRequestPermissionQuery,
  type RouteRequestPermissionResource,
} from './routeRequestPermissions';
