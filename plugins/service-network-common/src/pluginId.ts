/**
 * The plugin id shared by the frontend, the backend (routes mount under
 * `/api/service-network`) and the discovery lookups of the scaffolder module.
 *
 * @public
 */
export const SERVICE_NETWORK_PLUGIN_ID = 'service-network';
