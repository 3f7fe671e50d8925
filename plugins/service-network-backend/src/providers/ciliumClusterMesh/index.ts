/*
 * Cilium Cluster Mesh global services: the Service annotated
 * `service.cilium.io/global: "true"` in several meshed clusters. Cilium's
 * MCS-API mode goes through the MCS provider (implementation: cilium).
 */
import type { ServiceNetworkProvider } from '../types';
import { ciliumExplainer } from './explaining';
import { ciliumReader } from './reading';
import { ciliumWriter } from './writing';

export const ciliumClusterMesh: ServiceNetworkProvider = {
  id: 'cilium-clustermesh',
  reader: ciliumReader,
  explainer: ciliumExplainer,
  writer: ciliumWriter,
};
