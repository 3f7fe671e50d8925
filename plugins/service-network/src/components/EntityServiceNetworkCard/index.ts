export { EntityServiceNetworkCard } from './EntityServiceNetworkCard';
