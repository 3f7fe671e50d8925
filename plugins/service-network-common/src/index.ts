/**
 * Types, constants and the catalog mapping shared by the Service Network
 * frontend, backend and scaffolder module.
 *
 * @packageDocumentation
 */

export { SERVICE_NETWORK_PLUGIN_ID } from './pluginId';
export {
  SERVICE_NETWORK_SERVICE_ANNOTATION,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
} from './annotations';
export {
  LATTICE_ANNOTATIONS,
  LATTICE_FEDERATION_VALUE,
  LATTICE_FINALIZERS,
  LATTICE_TAG_KEYS,
} from './controller';
export { KINDS, ROUTE_KINDS, apiVersionOf, routeKindDescriptor } from './kinds';
export type { KindDescriptor, RouteKindName } from './kinds';
export { serviceRefForEntity, isServiceNetworkAvailable } from './entity';
export type { ServiceRef } from './entity';
export type { HealthResponse } from './health';
export * from './status';
export * from './providers';
export * from './exports';
export type { KubeObjectManifest } from './manifests';
export {
  serviceNetworkExportPermission,
  serviceNetworkRouteRequestCreatePermission,
  serviceNetworkRouteRequestApprovePermission,
  serviceNetworkRouteRequestDecidePermission,
  serviceNetworkRouteRequestReadPermission,
  serviceNetworkPermissions,
  RESOURCE_TYPE_SERVICE_NETWORK_ROUTE_REQUEST,
} from './permissions';
export * from './routeRequests';
