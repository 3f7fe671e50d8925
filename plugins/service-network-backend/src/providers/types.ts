/*
 * The seam every multi-cluster system plugs in at. A provider has three
 * jobs, each in a module of its own: reading (the kinds it watches, by
 * group, version and kind, and how its objects map into the entity status),
 * explaining (its findings, in plain words with what to do) and writing
 * (the export it plans). Status composition, the inventory and the export
 * planner only ever go through this interface, so adding a provider touches
 * no other provider and no composer.
 */
import type {
  ExportApi,
  ExportCounts,
  Finding,
  KindDescriptor,
  KubeObjectManifest,
  ProviderClusterStatus,
  ProviderId,
  ProviderSetting,
  ServiceRef,
  WorkloadClusterStatus,
  ExportRequest,
} from '@service-network/backstage-plugin-service-network-common';
import type { PreflightProblem } from '../exports/problems';
import type { Compactor } from '../inventory/compact';
import type { Sink } from '../inventory/objectIndex';
import type {
  ClusterInventory,
  KubeObject,
  LatticeInventory,
  ServiceObject,
} from '../inventory/snapshot';

export interface IndexOptions {
  /** Events kept per object, newest first. */
  eventsPerObject: number;
}

/**
 * One kind the inventory watches in a cluster: one watch per cluster and
 * source, however many providers read it.
 */
export interface SourceDefinition {
  /** Unique across providers; names the source in sync states and on the fleet page. */
  source: string;
  /** The versions to try, newest first: older installs serve only older ones. */
  kinds: readonly KindDescriptor[];
  fieldSelector?: string;
  /** Only objects carrying these labels (Linkerd's mirror EndpointSlices, Istio's remote secrets), so a cluster's other objects of the kind are never listed. */
  labelSelector?: string;
  /** Only this namespace, so that RBAC can grant a Role there instead of the whole cluster (Istio's istio-system). */
  namespace?: string;
  /**
   * Kinds defined by CRDs may not be installed: a 404 then means "not
   * served here", not an error. A core kind answering 404 is an error.
   */
  optional: boolean;
  /** Without it there is nothing to say about a Service in the cluster. */
  essential: boolean;
  /** The store the watcher fills, and status composition reads back through `ClusterInventory.index`. */
  createIndex(options: IndexOptions): Sink<KubeObject>;
  compact: Compactor<KubeObject>;
}

/** What every provider's reading gets for one Service in one workload cluster. */
export interface ProviderReadInput {
  inventory: ClusterInventory;
  setting: ProviderSetting;
  service: ServiceRef;
  lattice: LatticeInventory;
  latticeHasData: boolean;
  /**
   * Sources the cluster's providers read exports from: a provider names an
   * export of another kind as a mistake only when no provider here owns it.
   */
  claimedSources: ReadonlySet<string>;
  /** The config cluster, for providers that keep objects there (its `configSources`). */
  config?: ClusterInventory;
  /** The other workload clusters, for providers whose state is spread over the clusters' own objects (Cilium's annotations). */
  peers: readonly ClusterInventory[];
}

/** A provider's own details of the cluster status, beside its neutral entry. */
export type ProviderDetails = Partial<
  Pick<
    WorkloadClusterStatus,
    | 'export'
    | 'events'
    | 'targetGroups'
    | 'mcsExport'
    | 'mcsImport'
    | 'gkeExport'
    | 'gkeImport'
    | 'ciliumGlobal'
    | 'linkerd'
    | 'istio'
  >
>;

export interface ProviderReading {
  status: ProviderClusterStatus;
  details: ProviderDetails;
}

export interface ProviderExplainInput {
  cluster: WorkloadClusterStatus;
  entry: ProviderClusterStatus;
  service: ServiceRef;
  /** Whether any route reaches any cluster's export of this Service. */
  routed: boolean;
  now: Date;
}

export interface ProviderReader {
  /** The API family it belongs to, for `exportApi` on the page. */
  family: ExportApi;
  title(setting: ProviderSetting): string;
  /** What it watches in a workload cluster. */
  sources: readonly SourceDefinition[];
  /** What it watches in the config cluster, when the config cluster names it among its providers. */
  configSources?: readonly SourceDefinition[];
  /** The source its own exports are in. */
  exportSource: string;
  /**
   * For an export that is a field of an object in `exportSource` (an
   * annotation of the Service): whether this object carries it. Without
   * it, every object there is an export.
   */
  isExport?(object: KubeObject): boolean;
  read(input: ProviderReadInput): ProviderReading;
  /** Its exports in a whole cluster, for the fleet page. */
  countExports(inventory: ClusterInventory): Partial<ExportCounts>;
}

export interface ProviderExplainer {
  explain(input: ProviderExplainInput): Finding[];
}

export interface ExportWriteInput {
  cluster: ClusterInventory;
  service: ServiceRef;
  serviceObject: ServiceObject;
  request: ExportRequest;
  /** The export kind the cluster serves. */
  kind: KindDescriptor;
  lattice: LatticeInventory;
}

export interface ExportNote {
  id: string;
  text(clusters: readonly string[]): string;
}

export interface ExportWritePlan {
  object: KubeObjectManifest;
  problems: PreflightProblem[];
  /** Warnings for the whole plan: the same note from several clusters is said once, naming them all. */
  notes: ExportNote[];
  /** Lattice target groups the write will make the controller create. */
  addedTargetGroups: number;
}

export interface ProviderWriter {
  /** The API its export belongs to, in messages: "MCS API". */
  apiName: string;
  /**
   * The field manager its applies run under, where its export shares an
   * object with another provider's (the Service): one manager applying
   * one provider's field would give up the other's. Ours by default.
   */
  fieldManager?: string;
  /** The kinds its export can be written as, preferred first; which one a cluster serves is looked up. */
  exportKinds: readonly KindDescriptor[];
  plan(input: ExportWriteInput): ExportWritePlan;
  /** Just enough to name the export: what stop-exporting deletes. */
  header(kind: KindDescriptor, service: ServiceRef): KubeObjectManifest;
  /**
   * For an export that is a field of an object others own (an annotation of
   * the Service): what stop-exporting applies under our field manager
   * instead of deleting, so that only our field goes.
   */
  release?(kind: KindDescriptor, service: ServiceRef): KubeObjectManifest;
  /** Why the cluster serves none of `exportKinds`, naming what to install or configure. */
  notServed(cluster: string): string;
}

/** A provider Service Network only reads (Istio): every export asked of it is refused. */
export interface ReadOnlyWriter {
  apiName: string;
  /** The kind its state is read from, shown where others show their export kind. */
  stateKind: KindDescriptor;
  /** Why the provider writes nothing in the cluster, and what to do instead. */
  readOnly(cluster: string): string;
}

export function isReadOnly(
  writer: ProviderWriter | ReadOnlyWriter,
): writer is ReadOnlyWriter {
  return 'readOnly' in writer;
}

export interface ServiceNetworkProvider {
  id: ProviderId;
  reader: ProviderReader;
  explainer: ProviderExplainer;
  writer: ProviderWriter | ReadOnlyWriter;
}
