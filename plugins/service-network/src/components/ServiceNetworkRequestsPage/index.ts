export {
  RouteRequestsContent,
  ServiceNetworkRequestsPage,
} from './ServiceNetworkRequestsPage';
