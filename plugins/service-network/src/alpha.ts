/**
 * Service Network for Backstage's new frontend system: the default export
 * is the plugin, which an app with `app.packages: all` discovers.
 *
 * @packageDocumentation
 */

export { serviceNetworkPlugin as default } from './alpha/plugin';
