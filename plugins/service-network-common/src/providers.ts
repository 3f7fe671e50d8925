/*
 * The multi-cluster systems ("providers") a cluster can export Services
 * with. A cluster runs one or several side by side; each reads its own
 * kinds, explains its own findings and writes its own export.
 */
import type { ClusterExportState } from './status';

/**
 * A provider: the AWS Gateway API Controller on VPC Lattice, an
 * implementation of the Kubernetes Multi-Cluster Services API
 * (`multicluster.x-k8s.io`), GKE's multi-cluster Services (`net.gke.io`),
 * Cilium Cluster Mesh global services, Linkerd multicluster's mirrored
 * Services, or Istio multi-cluster (read only).
 *
 * @public
 */
export type ProviderId =
  | 'aws-gateway-controller'
  | 'mcs'
  | 'gke-mcs'
  | 'cilium-clustermesh'
  | 'linkerd'
  | 'istio';

/**
 * The MCS implementation a cluster runs, for what is particular to it.
 *
 * @public
 */
export type McsImplementation =
  | 'submariner-lighthouse'
  | 'cilium'
  | 'cloud-map'
  | 'generic';

/**
 * Every provider, in the order they are offered.
 *
 * @public
 */
export const PROVIDER_IDS: readonly ProviderId[] = [
  'aws-gateway-controller',
  'mcs',
  'gke-mcs',
  'cilium-clustermesh',
  'linkerd',
  'istio',
];

/**
 * Every MCS implementation Service Network knows by name.
 *
 * @public
 */
export const MCS_IMPLEMENTATIONS: readonly McsImplementation[] = [
  'submariner-lighthouse',
  'cilium',
  'cloud-map',
  'generic',
];

/**
 * One provider as configured for a cluster.
 *
 * @public
 */
export interface ProviderSetting {
  id: ProviderId;
  /** For `mcs`: which implementation; `generic` when not said. */
  implementation?: McsImplementation;
}

/**
 * A kind by group, version and kind name: four different kinds are all
 * called ServiceExport.
 *
 * @public
 */
export interface KindName {
  /** `''` for the core group. */
  group: string;
  version: string;
  kind: string;
}

/**
 * What one provider knows about the Service in one workload cluster, in
 * terms every provider shares; the provider's own details sit beside it in
 * the cluster's status (`export`, `targetGroups` and `events` for the AWS
 * Gateway API Controller, `mcsExport` for MCS).
 *
 * @public
 */
export interface ProviderClusterStatus {
  provider: ProviderId;
  implementation?: McsImplementation;
  /** E.g. "AWS Gateway API Controller (VPC Lattice)", "MCS API (Submariner Lighthouse)". */
  title: string;
  /** The kind it exports with in this cluster (the version served, once known). */
  exportKind: KindName;
  /** Whether the Service is exported through this provider here (an export object exists and is not ignored). */
  exported: boolean;
  state: ClusterExportState;
  /** The state in one plain sentence. */
  stateReason: string;
  /** The name other clusters call the Service by, once it is known. */
  callName?: string;
  /** Whether the Service can be called from this cluster through this provider (MCS: a ServiceImport exists here). */
  imported?: boolean;
  /** The clusters whose endpoints back the Service as seen from here (MCS: the ServiceImport's status.clusters). */
  servedFrom?: string[];
  /** Ready and total endpoints as the provider knows them. */
  endpoints?: { ready: number; total: number };
  /** What is particular to the implementation here, one sentence each. */
  facts?: string[];
  /**
   * Set for a provider Service Network only reads (Istio): why the page
   * offers no export for it, and what to do instead.
   */
  readOnly?: string;
}
