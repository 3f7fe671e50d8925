/**
 * Backend of the Service Network plugin.
 *
 * @packageDocumentation
 */

export { serviceNetworkPlugin as default } from './plugin';
