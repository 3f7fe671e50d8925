/*
 * The status of one catalog entity's Service across the fleet, and the fleet
 * overview, as the backend sends them to the frontend. Plain JSON: times are
 * ISO-8601 strings.
 */
import type { RouteKindName } from './kinds';
import type { ProviderClusterStatus, ProviderSetting } from './providers';

/**
 * How fresh one source of inventory data is: `synced` (in step with its
 * origin), `stale` (last known data, no longer confirmed), `unreachable`
 * (the origin does not answer) or `pending` (not loaded yet).
 *
 * @public
 */
export type SyncStateName = 'synced' | 'stale' | 'unreachable' | 'pending';

/**
 * Sync state of a source (a Kubernetes kind in a cluster, or Lattice).
 *
 * @public
 */
export interface SyncState {
  state: SyncStateName;
  /** Why it is not synced, in the words of the error that caused it. */
  reason?: string;
  /** When the data was last known to be current; "data as of". */
  lastSuccess?: string;
}

/**
 * `config` holds Gateways, routes and ServiceImports; `workload` clusters
 * run the Services and export them.
 *
 * @public
 */
export type ClusterRole = 'config' | 'workload';

/**
 * The API family of a workload cluster's first provider: the AWS Gateway
 * API Controller's (`application-networking.k8s.aws`), the MCS API
 * family (upstream and GKE's), Cilium Cluster Mesh global services or
 * Istio multi-cluster.
 * `providers` says which provider and kind exactly.
 *
 * @public
 */
export type ExportApi = 'aws' | 'mcs' | 'cilium' | 'linkerd' | 'istio';

/**
 * State of the Service in one workload cluster:
 * - `not-exported`: no ServiceExport.
 * - `ignored`: a ServiceExport the cluster's exporter does not act on
 *   (federation annotation missing, or the other API group).
 * - `pending`: waiting for the controller (pick-up, target groups, first health checks).
 * - `deleting`: the export is being deleted.
 * - `failed`: the export cannot work until something is fixed.
 * - `unused`: exported and registered, but no route sends traffic to it, so
 *   Lattice does not health-check its targets.
 * - `healthy`, `degraded` (some targets unhealthy, or an MCS conflict), `unhealthy` (no healthy target).
 * - `unknown`: no data from the cluster (or from Lattice) to judge by.
 *
 * @public
 */
export type ClusterExportState =
  | 'not-exported'
  | 'ignored'
  | 'pending'
  | 'deleting'
  | 'failed'
  | 'unused'
  | 'healthy'
  | 'degraded'
  | 'unhealthy'
  | 'unknown';

/**
 * One word for the whole entity: `failing` when no exporting cluster works,
 * `degraded` when some do, `unused` when exported but nothing routes to it yet.
 *
 * @public
 */
export type OverallState =
  | 'not-exported'
  | 'pending'
  | 'unused'
  | 'healthy'
  | 'degraded'
  | 'failing'
  | 'unknown';

/**
 * A Kubernetes status condition (`metav1.Condition`, or the controller's
 * looser copy where reason and message are optional).
 *
 * @public
 */
export interface StatusCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/**
 * A port of a Kubernetes Service.
 *
 * @public
 */
export interface ServicePortSummary {
  name?: string;
  port: number;
  protocol: string;
  targetPort?: number | string;
  appProtocol?: string;
}

/**
 * The Kubernetes Service in one cluster.
 *
 * @public
 */
export interface ServiceSummary {
  /** `ClusterIP`, `NodePort`, `LoadBalancer` or `ExternalName`. */
  type: string;
  ports: ServicePortSummary[];
  /** `None` for a headless Service. */
  clusterIP?: string;
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
  createdAt?: string;
}

/**
 * One `spec.exportedPorts` entry of a ServiceExport (or a legacy `port`
 * annotation entry), and whether the Service has that port.
 *
 * @public
 */
export interface ExportedPortStatus {
  port: number;
  /** `HTTP`, `GRPC` or `TLS`; absent for legacy annotation ports. */
  routeType?: string;
  onService: boolean;
  /** Ids of the Lattice target groups created for this port. */
  targetGroupIds: string[];
}

/**
 * The AWS controller's ServiceExport (`application-networking.k8s.aws`).
 *
 * @public
 */
export interface LatticeExportStatus {
  name: string;
  apiVersion: string;
  /** Whether `application-networking.k8s.aws/federation: amazon-vpc-lattice` is set; without it the controller ignores the export. */
  federated: boolean;
  /** The federation annotation's value when it is set to something else. */
  federationValue?: string;
  /** Whether the controller added its finalizer, its only sign of having picked the export up. */
  pickedUp: boolean;
  deleting: boolean;
  /** The Service backing the export (the `service-name` annotation, else the export's name). */
  serviceName: string;
  /** True when the export has no `spec.exportedPorts`: one target group on port 80. */
  legacyMode: boolean;
  exportedPorts: ExportedPortStatus[];
  createdAt?: string;
}

/**
 * A Kubernetes Event about an object, as the controller reported it.
 *
 * @public
 */
export interface ControllerEvent {
  /** `Normal` or `Warning`. */
  type: string;
  /** E.g. `FailedBuildModel`, `FailedDeployModel`, `FailedAddFinalizer`. */
  reason: string;
  message: string;
  count: number;
  firstSeen?: string;
  lastSeen?: string;
}

/**
 * Lattice status of a target group or service.
 *
 * @public
 */
export type LatticeResourceStatus =
  | 'ACTIVE'
  | 'CREATE_IN_PROGRESS'
  | 'DELETE_IN_PROGRESS'
  | 'CREATE_FAILED'
  | 'DELETE_FAILED';

/**
 * Lattice target health. There is no `UNKNOWN`.
 *
 * @public
 */
export type TargetStatus =
  | 'DRAINING'
  | 'UNAVAILABLE'
  | 'HEALTHY'
  | 'UNHEALTHY'
  | 'INITIAL'
  | 'UNUSED';

/**
 * How many targets share a status and reason code, and what that means.
 *
 * @public
 */
export interface TargetReasonCount {
  status: TargetStatus;
  reasonCode?: string;
  count: number;
  /** Plain-language meaning of the status and code. */
  meaning: string;
}

/**
 * A target (pod IP and port) that is not healthy.
 *
 * @public
 */
export interface TargetDetail {
  id: string;
  port: number;
  status: TargetStatus;
  reasonCode?: string;
}

/**
 * Target health of one target group.
 *
 * @public
 */
export interface TargetHealthSummary {
  /** False while Lattice targets have not been listed yet. */
  listed: boolean;
  total: number;
  byStatus: Partial<Record<TargetStatus, number>>;
  reasons: TargetReasonCount[];
  /** The targets that are not HEALTHY, at most 25. */
  notHealthy: TargetDetail[];
}

/**
 * A Lattice target group behind an export.
 *
 * @public
 */
export interface TargetGroupStatus {
  id: string;
  arn: string;
  name: string;
  status: LatticeResourceStatus;
  port: number;
  protocol: string;
  protocolVersion?: string;
  /** The exporting cluster, from the target group's `ClusterName` tag. */
  cluster?: string;
  failureCode?: string;
  failureMessage?: string;
  targets: TargetHealthSummary;
}

/**
 * An upstream MCS ServiceExport (`multicluster.x-k8s.io`) and its conditions
 * (`Valid`, `Ready`, `Conflict`).
 *
 * @public
 */
export interface McsExportStatus {
  name: string;
  apiVersion: string;
  conditions: StatusCondition[];
  deleting: boolean;
  /** `<name>.<namespace>.svc.clusterset.local`, the MCS DNS name, once Ready. */
  clustersetDnsName?: string;
  createdAt?: string;
}

/**
 * An MCS ServiceImport (`multicluster.x-k8s.io`), derived by the
 * implementation in every cluster of the clusterset from the exports.
 *
 * @public
 */
export interface McsImportStatus {
  name: string;
  apiVersion: string;
  /** `ClusterSetIP` or `Headless`. */
  type?: string;
  ports: Array<{ name?: string; port: number; protocol?: string }>;
  /** The clusterset IPs (one per IP family). */
  ips: string[];
  sessionAffinity?: string;
  /** The exporting clusters whose endpoints back it (`status.clusters`). */
  clusters: string[];
}

/**
 * The Service in one workload cluster.
 *
 * @public
 */
export interface WorkloadClusterStatus {
  cluster: string;
  exportApi: ExportApi;
  /** One entry per provider configured for the cluster, in configuration order. */
  providers: ProviderClusterStatus[];
  /** The worst sync state of the cluster's sources. */
  sync: SyncState;
  /** True when the state is computed from last known data that is no longer confirmed. */
  stale: boolean;
  state: ClusterExportState;
  /** The state in one plain sentence. */
  stateReason: string;
  service?: ServiceSummary;
  export?: LatticeExportStatus;
  /** Newest first, at most 10. */
  events: ControllerEvent[];
  targetGroups: TargetGroupStatus[];
  mcsExport?: McsExportStatus;
  mcsImport?: McsImportStatus;
  /** GKE's net.gke.io ServiceExport and ServiceImport, in the MCS shapes. */
  gkeExport?: McsExportStatus;
  gkeImport?: McsImportStatus;
  /** The Service as a Cilium Cluster Mesh global service. */
  ciliumGlobal?: CiliumGlobalServiceStatus;
  /** The Service as Linkerd multicluster mirrors it. */
  linkerd?: LinkerdServiceStatus;
  /** The Service as Istio multi-cluster sees it from this cluster. */
  istio?: IstioServiceStatus;
}

/**
 * How a linked cluster mirrors the Service of this cluster: the Link it
 * has to this cluster, and the `<svc>-<cluster>` mirror Linkerd's service
 * mirror made there.
 *
 * @public
 */
export interface LinkerdMirrorStatus {
  /** The linked cluster, where the mirror lives. */
  cluster: string;
  /** Its Link to this cluster (`spec.targetClusterName`), by name; absent when it has none. */
  link?: string;
  /** The Link's gateway of this cluster, `address:port` (`spec.gatewayAddress`, `spec.gatewayPort`). */
  gateway?: string;
  /** The mirror Service there, once it exists. */
  mirror?: string;
  /** Gateway mode: the mirror's endpoints (the gateway address, ready or not); absent before they exist and in remote-discovery mode. */
  gatewayEndpoints?: { ready: number; total: number };
}

/**
 * A Service as Linkerd multicluster exports and mirrors it, in one cluster.
 *
 * @public
 */
export interface LinkerdServiceStatus {
  /** `mirror.linkerd.io/exported` here, as written (`true`: gateway mode; `remote-discovery`: flat mode). */
  exportedLabel?: string;
  /** The export mode the label selects, when it selects one. */
  mode?: 'gateway' | 'remote-discovery';
  /** `mirror.linkerd.io/federated: member` here. */
  federatedMember: boolean;
  /** Per other cluster running Linkerd: how this cluster's export shows there (only while exported). */
  mirroredIn: LinkerdMirrorStatus[];
  /** Mirrors of other clusters' copies here: the names to call them by from this cluster. */
  mirrorsHere: Array<{ cluster: string; name: string; mode: 'gateway' | 'remote-discovery' }>;
  /** `<svc>-federated` here, when Linkerd made it. */
  federatedService?: string;
  /** Linkerd clusters (this one included) exporting the Service. */
  exportedIn: string[];
  /** Linkerd clusters (this one included) where it is a federated member. */
  federatedIn: string[];
  /** Linkerd clusters without the Service while others export it or federate it. */
  missingIn: string[];
}

/**
 * Why calls from one mesh cluster do not reach the Service's endpoints in
 * another: no remote secret (the control plane does not watch it), or the
 * other cluster is on another network and has no east-west gateway.
 *
 * @public
 */
export interface IstioUnreachable {
  cluster: string;
  reason: 'no-remote-secret' | 'no-east-west-gateway';
}

/**
 * A Service as Istio multi-cluster sees it from one cluster of the mesh.
 *
 * @public
 */
export interface IstioServiceStatus {
  /** This cluster's network (istio-system's `topology.istio.io/network` label); undefined where unlabelled. */
  network?: string;
  /** The clusters this cluster's control plane watches besides its own, by its remote secrets. */
  watches: string[];
  /** The cluster whose control plane configures this one's proxies, where it is a remote of a primary. */
  primary?: string;
  /** Whether the Service's namespace runs in ambient mode (`istio.io/dataplane-mode: ambient`). */
  ambient: boolean;
  /** The Service's `istio.io/global: "true"` label (ambient's global service). */
  global: boolean;
  /** The namespaces the Service is visible to (`networking.istio.io/exportTo`), as written; undefined where not set. */
  exportTo?: string[];
  /** The mesh clusters (this one included) that run a Service of this name in this namespace. */
  runsIn: string[];
  /** Mesh clusters that run no Service of this name in this namespace. */
  missingIn: string[];
  /** The clusters whose endpoints calls from here reach. */
  servedFrom: string[];
  /** Clusters running the Service whose endpoints calls from here cannot reach, and why. */
  unreachable: IstioUnreachable[];
  /** The east-west gateway Service in istio-system, where there is one. */
  eastWestGateway?: string;
  /** Clusters reaching this cluster's endpoints of the Service: whether it is shared from here. */
  reachedFrom: string[];
  /** Mesh clusters whose copy of the Service differs in type, ports or headlessness (Istio's IST0170). */
  inconsistentWith: string[];
}

/**
 * A Service's Cilium Cluster Mesh annotations in one cluster, and what the
 * mesh makes of them with the same Service's annotations elsewhere.
 *
 * @public
 */
export interface CiliumGlobalServiceStatus {
  /** The `service.cilium.io/*` annotations read, as written (`global`, `shared`, `affinity`, `weight`). */
  annotations: Record<string, string>;
  /** `service.cilium.io/global: "true"`. */
  global: boolean;
  /** Whether this cluster's endpoints go to the other clusters (global, and `shared` not `"false"`). */
  shared: boolean;
  /** `local`, `remote` or `none`: which endpoints calls from here prefer. */
  affinity: string;
  /** The mesh clusters (this one included) where the Service is global. */
  globalIn: string[];
  /** The clusters whose endpoints calls from here reach: this one and every other one sharing. */
  servedFrom: string[];
  /** Other mesh clusters running the Service whose annotations differ from this one's. */
  differences: Array<{
    cluster: string;
    annotation: string;
    /** Undefined where that cluster does not set it. */
    value?: string;
  }>;
  /** Mesh clusters where the Service is global that run no Service of that name. */
  missingIn: string[];
}

/**
 * The same Service differs between clusters in a way that breaks traffic
 * spread across them.
 *
 * @public
 */
export interface ClusterConflict {
  /** `ports`: port number/protocol sets; `type`: Service type; `exported-ports`: ServiceExport ports. */
  kind: 'ports' | 'type' | 'exported-ports';
  values: Array<{ cluster: string; value: string }>;
}

/**
 * How a ServiceImport finds its target group: by its own name, by the
 * `export-name` annotation (optionally narrowed by cluster and VPC), or
 * directly by `target-group-arn`.
 *
 * @public
 */
export type ImportMode = 'name' | 'export-name' | 'target-group-arn';

/**
 * What a ServiceImport resolves to:
 * - `resolved`: target groups of exactly one cluster match.
 * - `ambiguous`: several clusters match; the controller takes the first one it finds.
 * - `unresolved`: no target group matches; routes report `BackendNotFound`.
 * - `conflicting-annotations`: `target-group-arn` combined with the other annotations.
 * - `unknown`: Lattice data not loaded.
 *
 * @public
 */
export type ImportResolution =
  | 'resolved'
  | 'ambiguous'
  | 'unresolved'
  | 'conflicting-annotations'
  | 'unknown';

/**
 * A target group a ServiceImport may resolve to.
 *
 * @public
 */
export interface ImportCandidate {
  targetGroupId: string;
  arn: string;
  name: string;
  cluster?: string;
  port: number;
  status: LatticeResourceStatus;
}

/**
 * A reference to a route.
 *
 * @public
 */
export interface RouteRef {
  kind: RouteKindName;
  namespace: string;
  name: string;
}

/**
 * A ServiceImport in the config cluster that points at this Service.
 *
 * @public
 */
export interface ServiceImportStatus {
  cluster: string;
  namespace: string;
  name: string;
  mode: ImportMode;
  /** The export name it looks up (the annotation, else its own name). */
  exportName: string;
  /** `aws-eks-cluster-name`: the cluster it is pinned to. */
  pinnedCluster?: string;
  /** `aws-vpc`: the VPC it is pinned to. */
  pinnedVpc?: string;
  targetGroupArn?: string;
  type?: string;
  ports: Array<{ name?: string; port: number; protocol?: string }>;
  /** Whether the controller added its finalizer. */
  pickedUp: boolean;
  resolution: ImportResolution;
  candidates: ImportCandidate[];
  /**
   * Only on an import pinned to no cluster (an export-name or name import):
   * the clusters that export its name. More than one makes it ambiguous. A
   * pinned import reaches its own cluster, and a fleet's imports would repeat
   * the same list on each.
   */
  exportingClusters?: string[];
  usedBy: RouteRef[];
}

/**
 * One backendRef of a route rule.
 *
 * @public
 */
export interface RouteBackendStatus {
  ruleIndex: number;
  kind: string;
  namespace: string;
  name: string;
  /** Gateway API default 1. */
  weight: number;
  /** Percentage of the rule's traffic, rounded. */
  share: number;
  /** Whether this backend is one of this Service's ServiceImports. */
  reachesService: boolean;
}

/**
 * A listener of a Gateway.
 *
 * @public
 */
export interface ListenerSummary {
  name: string;
  protocol: string;
  port: number;
  hostname?: string;
  /** `tls.mode` of an HTTPS or TLS listener: Terminate, or Passthrough (TLSRoutes). */
  tlsMode?: string;
  attachedRoutes?: number;
}

/**
 * One parentRef of a route: the Gateway (= Lattice service network), its
 * listener, and what the controller said about the attachment.
 *
 * @public
 */
export interface RouteParentStatus {
  gatewayNamespace: string;
  gatewayName: string;
  sectionName?: string;
  port?: number;
  /** The Lattice service network of the same name. */
  serviceNetwork: string;
  gatewayFound: boolean;
  gatewayAccepted?: StatusCondition;
  gatewayProgrammed?: StatusCondition;
  /** The listeners the parentRef selects (by sectionName, port, or all). */
  listeners: ListenerSummary[];
  /** The route's `status.parents[].conditions` for this parent. */
  conditions: StatusCondition[];
  /** True/false when Lattice data is loaded, undefined otherwise. */
  serviceNetworkInLattice?: boolean;
  /** Status of the association between the route's Lattice service and this network. */
  associationStatus?: LatticeResourceStatus;
}

/**
 * Whether the route's DNS name (annotation written by the controller)
 * agrees with the Lattice service's `dnsEntry.domainName`.
 *
 * @public
 */
export interface DnsStatus {
  state:
    | 'match'
    | 'mismatch'
    | 'not-assigned'
    | 'lattice-not-synced'
    /** Lattice has no such service, but the route changed since Lattice was last read: it may be new. */
    | 'lattice-not-listed-yet'
    | 'lattice-service-missing';
  /** From `application-networking.k8s.aws/lattice-assigned-domain-name`. */
  assigned?: string;
  /** From Lattice. */
  lattice?: string;
}

/**
 * The custom domain: the route's `spec.hostnames[0]` against Lattice's
 * `customDomainName`. Lattice fixes it when the service is created; editing
 * hostnames later changes nothing (controller issue #642).
 *
 * @public
 */
export interface CustomDomainStatus {
  state: 'none' | 'match' | 'changed-after-creation' | 'unknown';
  requested?: string;
  lattice?: string;
}

/**
 * The Lattice service behind a route.
 *
 * @public
 */
export interface LatticeServiceSummary {
  id: string;
  arn: string;
  name: string;
  status: LatticeResourceStatus;
  dnsName?: string;
  customDomainName?: string;
  failureCode?: string;
  failureMessage?: string;
}

/**
 * `accepted`: the controller accepted the route and resolved its backends;
 * `not-accepted`: Accepted is False; `unresolved-refs`: ResolvedRefs is False;
 * `pending`: the controller has not reported on it yet.
 *
 * @public
 */
export type RouteState =
  | 'accepted'
  | 'not-accepted'
  | 'unresolved-refs'
  | 'pending';

/**
 * An HTTPRoute, GRPCRoute or TLSRoute in the config cluster that reaches
 * this Service through one of its ServiceImports.
 *
 * @public
 */
export interface RouteStatus extends RouteRef {
  cluster: string;
  state: RouteState;
  hostnames: string[];
  backends: RouteBackendStatus[];
  parents: RouteParentStatus[];
  /** Newest first, at most 10. */
  events: ControllerEvent[];
  dns: DnsStatus;
  customDomain: CustomDomainStatus;
  latticeService?: LatticeServiceSummary;
  /**
   * Set when the controller keeps the route's Lattice service out of every
   * service network (the standalone annotation, on the route or else its
   * Gateway): reachable by its DNS name only where it is shared.
   */
  standalone?: true;
  createdAt?: string;
}

/**
 * How bad a finding is: `error` breaks traffic, `warning` risks it or hides
 * the truth, `info` explains or suggests.
 *
 * @public
 */
export type FindingSeverity = 'error' | 'warning' | 'info';

/**
 * An object a finding is about: a Kubernetes object, or a Lattice resource
 * (kind `LatticeTargetGroup`, `LatticeService`, `LatticeServiceNetwork`).
 *
 * @public
 */
export interface ObjectRef {
  cluster?: string;
  apiVersion?: string;
  kind: string;
  namespace?: string;
  name: string;
  arn?: string;
}

/**
 * The id of the finding saying Service Network does not write to the
 * Service's namespace for this entity (serviceNetwork.namespaces): the page
 * shows it read-only.
 *
 * @public
 */
export const NAMESPACE_NOT_WRITABLE_FINDING = 'namespace-not-writable';

/**
 * Something the user should know, in plain words, with what to do about it.
 * `id` names the kind of finding and is stable across versions; together
 * with `cluster` and `objectRefs` it identifies one finding.
 *
 * @public
 */
export interface Finding {
  id: string;
  severity: FindingSeverity;
  /** The cluster it is about, when one is. */
  cluster?: string;
  /** The clusters it is about, when the same finding holds for several. */
  clusters?: string[];
  title: string;
  /** What is wrong, naming the objects. */
  detail: string;
  /** What to do, concretely. */
  action: string;
  objectRefs?: ObjectRef[];
}

/**
 * Body of the status of one catalog entity.
 *
 * @public
 */
export interface EntityServiceNetworkStatus {
  entityRef: string;
  service: { namespace: string; name: string };
  generatedAt: string;
  overall: OverallState;
  /** The overall state in one sentence. */
  summary: string;
  /** One entry per workload cluster, in fleet order. */
  clusters: WorkloadClusterStatus[];
  conflicts: ClusterConflict[];
  /** Absent when no config cluster is configured. */
  configCluster?: { name: string; sync: SyncState; stale: boolean };
  imports: ServiceImportStatus[];
  routes: RouteStatus[];
  lattice: { sync: SyncState };
  /** Errors first, then warnings, then info. */
  findings: Finding[];
}

/**
 * Sync state of one source of a cluster (`source` is the kind's plural, e.g. `serviceexports`).
 *
 * @public
 */
export interface SourceSyncState extends SyncState {
  source: string;
}

/**
 * ServiceExports of a cluster or the fleet.
 *
 * @public
 */
export interface ExportCounts {
  /** AWS controller exports with the federation annotation. */
  federated: number;
  /** AWS controller exports without it. */
  ignored: number;
  /** Upstream MCS and GKE exports. */
  mcs: number;
  /** Services annotated as Cilium Cluster Mesh global services. */
  ciliumGlobal?: number;
  /** Services labelled `mirror.linkerd.io/exported` or `mirror.linkerd.io/federated: member`. */
  linkerd?: number;
}

/**
 * Routes of every kind (HTTPRoute, GRPCRoute, TLSRoute) by acceptance.
 *
 * @public
 */
export interface RouteCounts {
  total: number;
  accepted: number;
  notAccepted: number;
  /** Not reported on by the controller yet. */
  pending: number;
}

/**
 * One cluster on the fleet page.
 *
 * @public
 */
export interface FleetClusterOverview {
  name: string;
  role: ClusterRole;
  exportApi: ExportApi;
  /** The providers configured for a workload cluster, with the kind each exports with. */
  providers: Array<
    ProviderSetting & {
      title: string;
      exportKind: string;
      /** Set for a provider Service Network only reads: why it writes nothing. */
      readOnly?: string;
    }
  >;
  /** The worst of its sources. */
  sync: SyncState;
  sources: SourceSyncState[];
  exports: ExportCounts;
  imports: number;
  routes: RouteCounts;
}

/**
 * A listener of a Gateway on the fleet overview, with the route kinds it
 * takes.
 *
 * @public
 */
export interface FleetListenerOverview extends ListenerSummary {
  /** Whether a GRPCRoute can attach: the controller takes gRPC only on HTTPS listeners. */
  supportsGrpc: boolean;
  /** The route kinds that can attach: HTTP takes HTTPRoute, HTTPS also GRPCRoute, TLS with mode Passthrough TLSRoute. */
  routeKinds: RouteKindName[];
}

/**
 * A Gateway, i.e. a service network as seen from the config cluster.
 *
 * @public
 */
export interface FleetGatewayOverview {
  cluster: string;
  namespace: string;
  name: string;
  programmed: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  /** Its `spec.listeners`, in order; the names a route's `sectionName` can take. */
  listeners: FleetListenerOverview[];
}

/**
 * A Lattice service network and the Gateways that stand for it.
 *
 * @public
 */
export interface FleetServiceNetworkOverview {
  name: string;
  id?: string;
  arn?: string;
  /** False when Gateways name it but Lattice has no such network; undefined while Lattice is not loaded. */
  inLattice?: boolean;
  vpcCount?: number;
  serviceCount?: number;
  gateways: FleetGatewayOverview[];
}

/**
 * Body of the fleet overview.
 *
 * @public
 */
export interface FleetOverview {
  clusters: FleetClusterOverview[];
  lattice: { sync: SyncState };
  serviceNetworks: FleetServiceNetworkOverview[];
  totals: { exports: ExportCounts; imports: number; routes: RouteCounts };
}
