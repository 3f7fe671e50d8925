export { serviceNetworkApiRef } from './ServiceNetworkApi';
export type { ServiceNetworkApi } from './ServiceNetworkApi';
export { ServiceNetworkClient } from './ServiceNetworkClient';
