/*
 * Istio multi-cluster, read only: which clusters of the mesh reach the
 * Service (multi-primary or primary-remote, on one network or several,
 * exportTo, ambient mode's global label). Service Network writes nothing
 * for Istio: a mesh shares a Service by its name and namespace wherever it
 * runs, so there is no export object to write; what changes visibility
 * (exportTo, istio.io/global, remote secrets, gateways) belongs to the
 * Service's manifests and the platform team.
 */
import { KINDS } from '@service-network/backstage-plugin-service-network-common';
import type { ServiceNetworkProvider } from '../types';
import { istioExplainer } from './explaining';
import { istioReader, READ_ONLY_WORDS } from './reading';

export const istio: ServiceNetworkProvider = {
  id: 'istio',
  reader: istioReader,
  explainer: istioExplainer,
  writer: {
    apiName: 'Istio',
    stateKind: KINDS.service,
    readOnly: cluster =>
      `Istio is read-only in Service Network (cluster ${cluster}); choose another provider, or leave ${cluster} out of "clusters". ${READ_ONLY_WORDS}`,
  },
};
