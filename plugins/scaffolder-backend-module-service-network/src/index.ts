/**
 * Scaffolder actions of the Service Network plugin.
 *
 * @packageDocumentation
 */

export { scaffolderModuleServiceNetwork as default } from './module';
export { createServiceNetworkExportAction } from './actions/export';
export { createServiceNetworkRouteRequestAction } from './actions/requestRoute';
export type { RouteRequestActionDeps } from './actions/requestRoute';
export type { ServiceNetworkBackendDeps } from './actions/serviceNetworkBackend';
