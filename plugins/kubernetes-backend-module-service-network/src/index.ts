/**
 * A module for the Kubernetes backend plugin that hands its clusters and
 * auth strategies to Service Network.
 *
 * @packageDocumentation
 */

export { kubernetesModuleServiceNetwork as default } from './module';
