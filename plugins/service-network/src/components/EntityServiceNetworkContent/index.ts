export { EntityServiceNetworkContent } from './EntityServiceNetworkContent';
