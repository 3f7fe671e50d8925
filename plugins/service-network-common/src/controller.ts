// Keys the AWS Gateway API Controller (v2.1.x) reads and writes. They all share
// one prefix, which is also why user tags starting with it are dropped.
const PREFIX = 'application-networking.k8s.aws/';

/**
 * Annotations the AWS Gateway API Controller reads from (or writes on)
 * ServiceExports, ServiceImports and routes.
 *
 * @public
 */
export const LATTICE_ANNOTATIONS = {
  /** ServiceExport: the controller ignores an export without it. */
  federation: `${PREFIX}federation`,
  /** ServiceExport: backing Service name when it differs from the export's. */
  serviceName: `${PREFIX}service-name`,
  /** ServiceImport: the exported name to resolve target groups by. */
  exportName: `${PREFIX}export-name`,
  /** ServiceImport: narrows target groups to one exporting cluster. */
  awsEksClusterName: `${PREFIX}aws-eks-cluster-name`,
  /** ServiceImport: narrows target groups to one VPC. */
  awsVpc: `${PREFIX}aws-vpc`,
  /** ServiceImport: points straight at a target group, bypassing tag lookup. */
  targetGroupArn: `${PREFIX}target-group-arn`,
  /** Route, written by the controller: the Lattice-assigned DNS name. */
  latticeAssignedDomainName: `${PREFIX}lattice-assigned-domain-name`,
  /** Route, written by the controller: the Lattice service ARN. */
  latticeServiceArn: `${PREFIX}lattice-service-arn`,
  /** Route or Gateway ("true"/"false", the route's wins): the Lattice service joins no service network. */
  standalone: `${PREFIX}standalone`,
} as const;

/**
 * The only value of the federation annotation the controller acts on.
 *
 * @public
 */
export const LATTICE_FEDERATION_VALUE = 'amazon-vpc-lattice';

/**
 * Finalizers the controller adds once it has picked an object up; their
 * presence is the only sign of that, because it never writes `.status` on
 * ServiceExports or ServiceImports.
 *
 * @public
 */
export const LATTICE_FINALIZERS = {
  serviceExport: 'serviceexport.k8s.aws/resources',
  serviceImport: 'serviceimport.k8s.aws/resource',
} as const;

/**
 * Tag keys the controller puts on Lattice resources. Target groups are found
 * by these tags, never by name (their names carry a random suffix).
 *
 * @public
 */
export const LATTICE_TAG_KEYS = {
  managedBy: `${PREFIX}ManagedBy`,
  clusterName: `${PREFIX}ClusterName`,
  serviceName: `${PREFIX}ServiceName`,
  serviceNamespace: `${PREFIX}ServiceNamespace`,
  sourceType: `${PREFIX}SourceTypeKey`,
  protocolVersion: `${PREFIX}ProtocolVersion`,
  routeName: `${PREFIX}RouteName`,
  routeNamespace: `${PREFIX}RouteNamespace`,
  routeType: `${PREFIX}RouteType`,
} as const;
