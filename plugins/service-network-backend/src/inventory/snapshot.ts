/*
 * The read-only view of the inventory that status composition consumes.
 * The watch-fed inventory implements it with Maps; every accessor is a
 * lookup (O(1)) or returns one small bucket (O(k)), except `list()`, which
 * walks a whole cluster and is meant for the fleet overview only.
 */
import type {
  ClusterRole,
  ExportApi,
  ProviderSetting,
  LatticeResourceStatus,
  ROUTE_KINDS,
  RouteKindName,
  SyncState,
  TargetStatus,
} from '@service-network/backstage-plugin-service-network-common';

/** Kubernetes time: a string on the wire, a Date after client-node's typed deserialisation. */
export type KubeTime = string | Date;

/** The metadata fields status composition reads. */
export interface KubeObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: KubeTime;
  deletionTimestamp?: KubeTime;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
}

/**
 * A Kubernetes object as the API server serves it. List items come without
 * `apiVersion` and `kind`; the inventory fills them in.
 */
export interface KubeObject<Spec = unknown, Status = unknown> {
  apiVersion: string;
  kind: string;
  metadata: KubeObjectMeta;
  spec?: Spec;
  status?: Status;
}

/** `metav1.Condition`, or the controller's copy with optional reason/message. */
export interface KubeCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: KubeTime;
  observedGeneration?: number;
}

export interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
  ports?: Array<{
    name?: string;
    port: number;
    protocol?: string;
    targetPort?: number | string;
    appProtocol?: string;
  }>;
}
export type ServiceObject = KubeObject<ServiceSpec>;

/** `application-networking.k8s.aws/v1alpha1` ServiceExport; the controller never writes its status. */
export interface LatticeServiceExportSpec {
  exportedPorts?: Array<{ port: number; routeType: string }>;
}
export type LatticeServiceExportObject = KubeObject<LatticeServiceExportSpec>;

/** `multicluster.x-k8s.io` ServiceExport (v1alpha1 or v1beta1, same shape). */
export type McsServiceExportObject = KubeObject<
  Record<string, unknown>,
  { conditions?: KubeCondition[] }
>;

/** `multicluster.x-k8s.io` ServiceImport (v1alpha1 or v1beta1, same shape), written by the MCS implementation. */
export type McsServiceImportObject = KubeObject<
  {
    type?: string;
    ports?: Array<{ name?: string; port: number; protocol?: string }>;
    ips?: string[];
    sessionAffinity?: string;
  },
  { clusters?: Array<{ cluster: string }> }
>;

/** `application-networking.k8s.aws/v1alpha1` ServiceImport. */
export interface ServiceImportSpec {
  type?: string;
  ports?: Array<{
    name?: string;
    port: number;
    protocol?: string;
    appProtocol?: string;
  }>;
}
export type ServiceImportObject = KubeObject<ServiceImportSpec>;

export interface ParentReference {
  group?: string;
  kind?: string;
  namespace?: string;
  name: string;
  sectionName?: string;
  port?: number;
}

export interface BackendReference {
  group?: string;
  kind?: string;
  namespace?: string;
  name: string;
  port?: number;
  weight?: number;
}

/** Every route of every kind in a config cluster. */
export function allRoutes(config: ClusterInventory): RouteObject[] {
  return Object.values(config.routes).flatMap(index => [...index.list()]);
}

/** What one match of an HTTPRoute or GRPCRoute rule selects (TLSRoute rules have none). */
export interface RouteMatch {
  /** HTTPRoute. */
  path?: { type?: string; value?: string };
  /** HTTPRoute: an HTTP method; GRPCRoute: a service and method. */
  method?: string | { type?: string; service?: string; method?: string };
  headers?: Array<{ type?: string; name: string; value: string }>;
}

/** The fields HTTPRoute, GRPCRoute and TLSRoute share, and their rules' matches. */
export interface RouteSpec {
  parentRefs?: ParentReference[];
  hostnames?: string[];
  rules?: Array<{ backendRefs?: BackendReference[]; matches?: RouteMatch[] }>;
}

export interface RouteStatusFields {
  parents?: Array<{
    parentRef: ParentReference;
    controllerName?: string;
    conditions?: KubeCondition[];
  }>;
}
export type RouteObject = KubeObject<RouteSpec, RouteStatusFields>;

export interface GatewaySpec {
  gatewayClassName?: string;
  listeners?: Array<{
    name: string;
    protocol: string;
    port: number;
    hostname?: string;
    tls?: { mode?: string };
  }>;
}

export interface GatewayStatusFields {
  conditions?: KubeCondition[];
  listeners?: Array<{
    name: string;
    attachedRoutes?: number;
    conditions?: KubeCondition[];
  }>;
}
export type GatewayObject = KubeObject<GatewaySpec, GatewayStatusFields>;

/** A core/v1 Event; its payload sits at the top level, not in spec. */
export interface KubeEvent extends KubeObject {
  involvedObject: {
    apiVersion?: string;
    kind?: string;
    namespace?: string;
    name?: string;
    uid?: string;
  };
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: KubeTime | null;
  lastTimestamp?: KubeTime | null;
  eventTime?: KubeTime | null;
  series?: { count?: number; lastObservedTime?: KubeTime };
}

/** Objects of one kind in one cluster, indexed by namespace and name. */
export interface NamespacedIndex<T> {
  get(namespace: string, name: string): T | undefined;
  inNamespace(namespace: string): Iterable<T>;
  /** The whole cluster: for fleet-wide counts, never per page view. */
  list(): Iterable<T>;
}

export interface ServiceExportIndex
  extends NamespacedIndex<LatticeServiceExportObject> {
  /**
   * Exports backed by this Service: the one named like it, and those naming
   * it in the `application-networking.k8s.aws/service-name` annotation.
   */
  forService(
    namespace: string,
    serviceName: string,
  ): Iterable<LatticeServiceExportObject>;
}

export interface ServiceImportIndex
  extends NamespacedIndex<ServiceImportObject> {
  /** Imports whose `application-networking.k8s.aws/target-group-arn` annotation is this ARN. */
  withTargetGroupArn(arn: string): Iterable<ServiceImportObject>;
  /** Imports in the namespace that resolve to the export of this name (by their name or `export-name`). */
  forExport(
    namespace: string,
    exportName: string,
  ): Iterable<ServiceImportObject>;
}

export interface RouteIndex extends NamespacedIndex<RouteObject> {
  /**
   * Routes with a backendRef to this namespace and name (a backendRef
   * without namespace means the route's own), whatever the backendRef kind.
   */
  byBackend(namespace: string, name: string): Iterable<RouteObject>;
}

/**
 * A source the inventory keeps per cluster, by the plural of its kind
 * (`services`, `serviceexports`, `httproutes`, ...) or, where kinds of
 * several groups share a plural, a name its provider gives it
 * (`mcsserviceexports`).
 */
export type KubeSource = string;

/** The source of each route kind: its plural. */
export type RouteSource = (typeof ROUTE_KINDS)[number]['plural'];

export interface ClusterInfo {
  name: string;
  role: ClusterRole;
  /** The API family of its first provider. */
  exportApi: ExportApi;
  /** The providers it exports with, in configuration order. */
  providers: readonly ProviderSetting[];
}

export interface ClusterInventory {
  readonly cluster: ClusterInfo;
  /**
   * One entry per source the inventory watches in this cluster; a kind not
   * served there has none. `lastSuccess` is the last time the source was
   * known to be in step with the cluster (a list, a watch event or bookmark).
   */
  readonly sync: Readonly<Record<KubeSource, SyncState>>;
  readonly services: NamespacedIndex<ServiceObject>;
  /** The controller's group (`application-networking.k8s.aws`). */
  readonly serviceExports: ServiceExportIndex;
  /** Upstream MCS (`multicluster.x-k8s.io`). */
  readonly mcsServiceExports: NamespacedIndex<McsServiceExportObject>;
  readonly serviceImports: ServiceImportIndex;
  /** HTTPRoutes, GRPCRoutes and TLSRoutes, each kind in its own index. */
  readonly routes: Readonly<Record<RouteKindName, RouteIndex>>;
  readonly gateways: NamespacedIndex<GatewayObject>;
  /**
   * The store of a source the cluster watches, as its definition created it
   * (the provider that defined the source knows its type); undefined when
   * the source is not watched here.
   */
  index<I>(source: KubeSource): I | undefined;
  /** Events whose involvedObject has this kind, namespace and name; newest first. */
  eventsFor(
    kind: string,
    namespace: string,
    name: string,
  ): readonly KubeEvent[];
}

export interface LatticeTargetGroup {
  id: string;
  arn: string;
  name: string;
  status: LatticeResourceStatus;
  port: number;
  protocol: string;
  protocolVersion?: string;
  vpcIdentifier?: string;
  /** From ListTagsForResource; the controller's keys identify the export. */
  tags: Readonly<Record<string, string>>;
  failureCode?: string;
  failureMessage?: string;
}

export interface LatticeTarget {
  /** The pod IP. */
  id: string;
  port: number;
  status: TargetStatus;
  reasonCode?: string;
}

export interface LatticeTargetGroupEntry {
  targetGroup: LatticeTargetGroup;
  /** Undefined until the group's targets have been listed. */
  targets?: readonly LatticeTarget[];
}

export interface LatticeService {
  id: string;
  arn: string;
  name: string;
  status: LatticeResourceStatus;
  dnsEntry?: { domainName?: string; hostedZoneId?: string };
  customDomainName?: string;
  certificateArn?: string;
  failureCode?: string;
  failureMessage?: string;
}

export interface LatticeServiceNetwork {
  id: string;
  arn: string;
  name: string;
  numberOfAssociatedVPCs?: number;
  numberOfAssociatedServices?: number;
}

export interface LatticeServiceAssociation {
  id: string;
  status: LatticeResourceStatus;
  serviceArn: string;
  serviceNetworkName: string;
  serviceNetworkArn?: string;
}

export interface LatticeInventory {
  /** `lastSuccess`: the end of the last complete poll. */
  readonly sync: SyncState;
  /**
   * Target groups of ServiceExports: tagged `SourceTypeKey=ServiceExport`,
   * `ServiceNamespace=namespace`, `ServiceName=name` (the export's name) and,
   * when `cluster` is given, `ClusterName=cluster`.
   */
  targetGroupsForExport(ref: {
    namespace: string;
    name: string;
    cluster?: string;
  }): readonly LatticeTargetGroupEntry[];
  /**
   * Whether target groups that may be the export's are not tagged yet, so
   * which are its own is not known. The inventory reads them first for
   * exports asked for (see `Inventory.wantLatticeDetails`).
   */
  tagsPending(ref: { namespace: string; name: string }): boolean;
  targetGroupByArn(arn: string): LatticeTargetGroupEntry | undefined;
  serviceByArn(arn: string): LatticeService | undefined;
  serviceByName(name: string): LatticeService | undefined;
  serviceNetworkByName(name: string): LatticeServiceNetwork | undefined;
  serviceNetworks(): Iterable<LatticeServiceNetwork>;
  /** Service-network associations of a Lattice service. */
  associationsOfService(
    serviceArn: string,
  ): readonly LatticeServiceAssociation[];
}

/** One consistent-enough view of every cluster and of Lattice. */
export interface InventorySnapshot {
  /** In configuration order. */
  readonly clusters: readonly ClusterInventory[];
  readonly lattice: LatticeInventory;
}
