/*
 * What one MCS-like API is called: the upstream Multi-Cluster Services API
 * (multicluster.x-k8s.io) and GKE's multi-cluster Services (net.gke.io)
 * share KEP-1645's semantics (a ServiceExport per exporting cluster, a
 * derived ServiceImport in every cluster, the oldest export winning
 * conflicts) under their own group, condition types and detail keys; the
 * MCS provider's reading, explaining and writing take one of these.
 */
import type {
  KindDescriptor,
  ProviderId,
  ProviderSetting,
  ServiceRef,
  WorkloadClusterStatus,
} from '@service-network/backstage-plugin-service-network-common';
import type { ClusterInventory } from '../../inventory/snapshot';
import type { ProviderReader, SourceDefinition } from '../types';

export interface McsFactContext {
  service: ServiceRef;
  cluster: string;
  headless: boolean;
  /** The config cluster, for what the API keeps there (GKE's MultiClusterService and MultiClusterIngress). */
  config?: ClusterInventory;
}

export interface McsApi {
  id: Extract<ProviderId, 'mcs' | 'gke-mcs'>;
  family: ProviderReader['family'];
  /** In messages: "MCS API", "GKE multi-cluster Services". */
  apiName: string;
  /** The export kinds, preferred (newest) first. */
  exportKinds: readonly KindDescriptor[];
  exportSource: SourceDefinition;
  importSource: SourceDefinition;
  /** Sources read in the config cluster, if any. */
  configSources?: readonly SourceDefinition[];
  /** The condition types its controller writes on an export, by what they mean in KEP-1645. */
  conditions: { valid: string; ready: string; conflict: string };
  /** Where its export and import sit in the cluster status. */
  details: {
    export: keyof Pick<WorkloadClusterStatus, 'mcsExport' | 'gkeExport'>;
    import: keyof Pick<WorkloadClusterStatus, 'mcsImport' | 'gkeImport'>;
  };
  title(setting: ProviderSetting): string;
  facts(setting: ProviderSetting, context: McsFactContext): string[];
  notServed(cluster: string): string;
}
