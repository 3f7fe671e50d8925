export { serviceNetworkApiRef } from './ServiceNetworkApi';
export type {
  ServiceNetworkApi,
  RouteRequestFilter,
} from './ServiceNetworkApi';
export { ServiceNetworkClient } from './ServiceNetworkClient';
export { planChangeOf } from './planChange';
