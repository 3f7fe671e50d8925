export { ServiceNetworkRequestsPage } from './ServiceNetworkRequestsPage';
