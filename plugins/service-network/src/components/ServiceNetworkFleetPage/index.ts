export {
  FleetOverviewContent,
  ServiceNetworkFleetPage,
} from './ServiceNetworkFleetPage';
