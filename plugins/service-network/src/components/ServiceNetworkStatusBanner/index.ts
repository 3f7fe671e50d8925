export { ServiceNetworkStatusBanner } from './ServiceNetworkStatusBanner';
