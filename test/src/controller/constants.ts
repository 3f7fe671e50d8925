/*
 * The names the AWS Gateway API Controller (v2.1.3) uses on Kubernetes objects:
 * API resources, annotations, finalizers and event sources.
 */
import { GroupResource } from '../kube/types';

export const CONTROLLER_NAME =
  'application-networking.k8s.aws/gateway-api-controller';
export const FIELD_MANAGER = 'lattice-controller';

const AWS_GROUP = 'application-networking.k8s.aws';
const GATEWAY_GROUP = 'gateway.networking.k8s.io';
const MCS_GROUP = 'multicluster.x-k8s.io';

export const RESOURCES = {
  customResourceDefinitions: {
    group: 'apiextensions.k8s.io',
    plural: 'customresourcedefinitions',
  },
  namespaces: { group: '', plural: 'namespaces' },
  services: { group: '', plural: 'services' },
  events: { group: '', plural: 'events' },
  endpointSlices: { group: 'discovery.k8s.io', plural: 'endpointslices' },
  serviceExports: { group: AWS_GROUP, plural: 'serviceexports' },
  serviceImports: { group: AWS_GROUP, plural: 'serviceimports' },
  targetGroupPolicies: { group: AWS_GROUP, plural: 'targetgrouppolicies' },
  mcsServiceExports: { group: MCS_GROUP, plural: 'serviceexports' },
  mcsServiceImports: { group: MCS_GROUP, plural: 'serviceimports' },
  gkeServiceExports: { group: 'net.gke.io', plural: 'serviceexports' },
  gkeServiceImports: { group: 'net.gke.io', plural: 'serviceimports' },
  linkerdLinks: { group: 'multicluster.linkerd.io', plural: 'links' },
  gatewayClasses: { group: GATEWAY_GROUP, plural: 'gatewayclasses' },
  gateways: { group: GATEWAY_GROUP, plural: 'gateways' },
  httpRoutes: { group: GATEWAY_GROUP, plural: 'httproutes' },
  grpcRoutes: { group: GATEWAY_GROUP, plural: 'grpcroutes' },
  tlsRoutes: { group: GATEWAY_GROUP, plural: 'tlsroutes' },
} satisfies Record<string, GroupResource>;

export const GROUPS = {
  aws: AWS_GROUP,
  gateway: GATEWAY_GROUP,
  mcs: MCS_GROUP,
};

const PREFIX = 'application-networking.k8s.aws/';

export const ANNOTATIONS = {
  federation: `${PREFIX}federation`,
  serviceName: `${PREFIX}service-name`,
  legacyPorts: `${PREFIX}port`,
  tags: `${PREFIX}tags`,
  exportName: `${PREFIX}export-name`,
  eksClusterName: `${PREFIX}aws-eks-cluster-name`,
  awsVpc: `${PREFIX}aws-vpc`,
  targetGroupArn: `${PREFIX}target-group-arn`,
  assignedDomainName: `${PREFIX}lattice-assigned-domain-name`,
  serviceArn: `${PREFIX}lattice-service-arn`,
  serviceNameOverride: `${PREFIX}service-name-override`,
  standalone: `${PREFIX}standalone`,
};

export const ANNOTATION_PREFIX = PREFIX;
export const FEDERATION_VALUE = 'amazon-vpc-lattice';

export function rulePriorityAnnotation(ruleIndex: number): string {
  return `${PREFIX}rule-${ruleIndex}-priority`;
}

export const FINALIZERS = {
  serviceExport: 'serviceexport.k8s.aws/resources',
  serviceImport: 'serviceimport.k8s.aws/resource',
  gateway: 'gateway.k8s.aws/resources',
};

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export type RouteKind = 'HTTPRoute' | 'GRPCRoute' | 'TLSRoute';

export interface RouteKindInfo {
  kind: RouteKind;
  resource: GroupResource;
  finalizer: string;
  /** The controller creates one event recorder per route type. */
  eventComponent: string;
  /** Value of the RouteType tag on Lattice services. */
  routeType: 'http' | 'grpc' | 'tls';
}

export const ROUTE_KINDS: Record<RouteKind, RouteKindInfo> = {
  HTTPRoute: {
    kind: 'HTTPRoute',
    resource: RESOURCES.httpRoutes,
    finalizer: 'httproute.k8s.aws/resources',
    eventComponent: 'httproute',
    routeType: 'http',
  },
  GRPCRoute: {
    kind: 'GRPCRoute',
    resource: RESOURCES.grpcRoutes,
    finalizer: 'grpcroute.k8s.aws/resources',
    eventComponent: 'grpcroute',
    routeType: 'grpc',
  },
  TLSRoute: {
    kind: 'TLSRoute',
    resource: RESOURCES.tlsRoutes,
    finalizer: 'tlsroute.k8s.aws/resources',
    eventComponent: 'tlsroute',
    routeType: 'tls',
  },
};

/** Every route kind the controller reconciles, in the order it registers them. */
export const ROUTE_KIND_LIST = Object.keys(ROUTE_KINDS) as RouteKind[];

export const EVENT_COMPONENTS = {
  serviceExport: 'serviceExport',
  gateway: 'gateway',
};

export const EVENT_REASONS = {
  failedBuildModel: 'FailedBuildModel',
  failedDeployModel: 'FailedDeployModel',
  deploySucceed: 'DeploySucceed',
};
