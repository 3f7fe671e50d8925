export { ServiceNetworkFleetPage } from './ServiceNetworkFleetPage';
