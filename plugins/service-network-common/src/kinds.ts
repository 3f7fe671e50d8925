/**
 * Where a Kubernetes kind is served. Kinds are always addressed by group,
 * version and plural because the controller's ServiceExport and the upstream
 * MCS one can be installed side by side under the same kind name.
 *
 * @public
 */
export interface KindDescriptor {
  /** API group; `''` for the core group. */
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

const CONTROLLER_GROUP = 'application-networking.k8s.aws';
const MCS_GROUP = 'multicluster.x-k8s.io';
const GATEWAY_GROUP = 'gateway.networking.k8s.io';
const GKE_MCS_GROUP = 'net.gke.io';
const GKE_NETWORKING_GROUP = 'networking.gke.io';
const LINKERD_MULTICLUSTER_GROUP = 'multicluster.linkerd.io';

/**
 * Every kind Service Network reads or writes.
 *
 * @public
 */
export const KINDS = {
  latticeServiceExport: {
    group: CONTROLLER_GROUP,
    version: 'v1alpha1',
    kind: 'ServiceExport',
    plural: 'serviceexports',
    namespaced: true,
  },
  latticeServiceImport: {
    group: CONTROLLER_GROUP,
    version: 'v1alpha1',
    kind: 'ServiceImport',
    plural: 'serviceimports',
    namespaced: true,
  },
  targetGroupPolicy: {
    group: CONTROLLER_GROUP,
    version: 'v1alpha1',
    kind: 'TargetGroupPolicy',
    plural: 'targetgrouppolicies',
    namespaced: true,
  },
  mcsServiceExport: {
    group: MCS_GROUP,
    version: 'v1beta1',
    kind: 'ServiceExport',
    plural: 'serviceexports',
    namespaced: true,
  },
  mcsServiceImport: {
    group: MCS_GROUP,
    version: 'v1beta1',
    kind: 'ServiceImport',
    plural: 'serviceimports',
    namespaced: true,
  },
  gkeServiceExport: {
    group: GKE_MCS_GROUP,
    version: 'v1',
    kind: 'ServiceExport',
    plural: 'serviceexports',
    namespaced: true,
  },
  gkeServiceImport: {
    group: GKE_MCS_GROUP,
    version: 'v1',
    kind: 'ServiceImport',
    plural: 'serviceimports',
    namespaced: true,
  },
  gkeMultiClusterService: {
    group: GKE_NETWORKING_GROUP,
    version: 'v1',
    kind: 'MultiClusterService',
    plural: 'multiclusterservices',
    namespaced: true,
  },
  gkeMultiClusterIngress: {
    group: GKE_NETWORKING_GROUP,
    version: 'v1',
    kind: 'MultiClusterIngress',
    plural: 'multiclusteringresses',
    namespaced: true,
  },
  linkerdLink: {
    group: LINKERD_MULTICLUSTER_GROUP,
    version: 'v1alpha2',
    kind: 'Link',
    plural: 'links',
    namespaced: true,
  },
  linkerdLinkV1alpha1: {
    group: LINKERD_MULTICLUSTER_GROUP,
    version: 'v1alpha1',
    kind: 'Link',
    plural: 'links',
    namespaced: true,
  },
  gatewayClass: {
    group: GATEWAY_GROUP,
    version: 'v1',
    kind: 'GatewayClass',
    plural: 'gatewayclasses',
    namespaced: false,
  },
  gateway: {
    group: GATEWAY_GROUP,
    version: 'v1',
    kind: 'Gateway',
    plural: 'gateways',
    namespaced: true,
  },
  httpRoute: {
    group: GATEWAY_GROUP,
    version: 'v1',
    kind: 'HTTPRoute',
    plural: 'httproutes',
    namespaced: true,
  },
  grpcRoute: {
    group: GATEWAY_GROUP,
    version: 'v1',
    kind: 'GRPCRoute',
    plural: 'grpcroutes',
    namespaced: true,
  },
  tlsRoute: {
    group: GATEWAY_GROUP,
    version: 'v1',
    kind: 'TLSRoute',
    plural: 'tlsroutes',
    namespaced: true,
  },
  service: {
    group: '',
    version: 'v1',
    kind: 'Service',
    plural: 'services',
    namespaced: true,
  },
  namespace: {
    group: '',
    version: 'v1',
    kind: 'Namespace',
    plural: 'namespaces',
    namespaced: false,
  },
  secret: {
    group: '',
    version: 'v1',
    kind: 'Secret',
    plural: 'secrets',
    namespaced: true,
  },
  event: {
    group: '',
    version: 'v1',
    kind: 'Event',
    plural: 'events',
    namespaced: true,
  },
  endpointSlice: {
    group: 'discovery.k8s.io',
    version: 'v1',
    kind: 'EndpointSlice',
    plural: 'endpointslices',
    namespaced: true,
  },
} as const satisfies Record<string, KindDescriptor>;

/**
 * The Gateway API route kinds the controller reconciles, in the config
 * cluster: what the inventory watches and the status reads, in this order.
 *
 * @public
 */
export const ROUTE_KINDS = [
  KINDS.httpRoute,
  KINDS.grpcRoute,
  KINDS.tlsRoute,
] as const;

/**
 * The kind name of a Gateway API route Service Network reads.
 *
 * @public
 */
export type RouteKindName = (typeof ROUTE_KINDS)[number]['kind'];

/**
 * The descriptor of a route kind, by its name.
 *
 * @public
 */
export function routeKindDescriptor(kind: RouteKindName): KindDescriptor {
  return ROUTE_KINDS.find(descriptor => descriptor.kind === kind)!;
}

/**
 * The `apiVersion` of a kind as written in manifests: `group/version`, or
 * just the version for the core group.
 *
 * @public
 */
export function apiVersionOf(kind: KindDescriptor): string {
  return kind.group ? `${kind.group}/${kind.version}` : kind.version;
}
