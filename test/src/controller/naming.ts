/*
 * Names and tags the controller gives Lattice resources (pkg/utils/common.go,
 * pkg/model/lattice/targetgroup.go, target_group_manager.go).
 */
import { KubeObject } from '../kube/types';
import { ListenerRecord, Tags, TargetGroupConfig } from '../lattice/types';
import { ANNOTATION_PREFIX, ANNOTATIONS, RouteKindInfo } from './constants';

export const TAG_KEYS = {
  managedBy: `${ANNOTATION_PREFIX}ManagedBy`,
  clusterName: `${ANNOTATION_PREFIX}ClusterName`,
  serviceName: `${ANNOTATION_PREFIX}ServiceName`,
  serviceNamespace: `${ANNOTATION_PREFIX}ServiceNamespace`,
  sourceType: `${ANNOTATION_PREFIX}SourceTypeKey`,
  protocolVersion: `${ANNOTATION_PREFIX}ProtocolVersion`,
  routeName: `${ANNOTATION_PREFIX}RouteName`,
  routeNamespace: `${ANNOTATION_PREFIX}RouteNamespace`,
  routeType: `${ANNOTATION_PREFIX}RouteType`,
};

export const SOURCE_TYPE_SERVICE_EXPORT = 'ServiceExport';

export function managedByValue(
  accountId: string,
  clusterName: string,
  vpcId: string,
): string {
  return `${accountId}/${clusterName}/${vpcId}`;
}

function trimDashes(name: string): string {
  return name.replace(/^-+|-+$/g, '');
}

export function latticeServiceName(
  routeName: string,
  routeNamespace: string,
): string {
  return trimDashes(`${routeName.slice(0, 20)}-${routeNamespace.slice(0, 18)}`);
}

/** The Lattice service a route becomes: named by annotation, or after the route. */
export function latticeServiceNameOf(route: KubeObject): string {
  return (
    route.metadata.annotations?.[ANNOTATIONS.serviceNameOverride] ||
    latticeServiceName(
      route.metadata.name,
      route.metadata.namespace ?? 'default',
    )
  );
}

export function listenerName(
  routeName: string,
  routeNamespace: string,
  port: number,
  protocol: ListenerRecord['protocol'],
): string {
  const suffix =
    protocol === 'TLS_PASSTHROUGH' ? 'tls' : protocol.toLowerCase();
  return `${latticeServiceName(routeName, routeNamespace)}-${port}-${suffix}`;
}

export function ruleName(createdAtSeconds: number, priority: number): string {
  return `k8s-${createdAtSeconds}-rule-${priority}`;
}

export function randomSuffix(random: () => number = Math.random): string {
  return Array.from({ length: 10 }, () =>
    String.fromCharCode(97 + Math.floor(random() * 26)),
  ).join('');
}

export function targetGroupName(
  namespace: string,
  name: string,
  suffix: string,
): string {
  return `k8s-${namespace.slice(0, 55)}-${name.slice(0, 55)}-${suffix}`;
}

/**
 * User tags from the `tags` annotation ("K=V,K2=V2"). Keys in the controller's
 * namespace or starting with `aws:` are dropped, as are oversized entries.
 */
export function additionalTags(annotation: string | undefined): Tags {
  const tags: Tags = {};
  for (const pair of (annotation ?? '').split(',')) {
    const separator = pair.indexOf('=');
    if (separator <= 0) continue;
    const key = pair.slice(0, separator).trim();
    const value = pair.slice(separator + 1).trim();
    const reserved =
      key.startsWith(ANNOTATION_PREFIX) || key.startsWith('aws:');
    if (reserved || key.length > 128 || value.length > 256) continue;
    if (Object.keys(tags).length >= 50) break;
    tags[key] = value;
  }
  return tags;
}

export interface TargetGroupOwner {
  managedBy: string;
  clusterName: string;
  serviceName: string;
  serviceNamespace: string;
  /** ServiceExport, or the kind of the route whose Service backend the group serves. */
  sourceType: string;
  route?: { name: string; namespace: string };
}

/** The tags that identify a target group's owner; the controller finds its groups by these. */
export function targetGroupOwnerTags(owner: TargetGroupOwner): Tags {
  return {
    [TAG_KEYS.managedBy]: owner.managedBy,
    [TAG_KEYS.clusterName]: owner.clusterName,
    [TAG_KEYS.serviceName]: owner.serviceName,
    [TAG_KEYS.serviceNamespace]: owner.serviceNamespace,
    [TAG_KEYS.sourceType]: owner.sourceType,
    ...(owner.route
      ? {
          [TAG_KEYS.routeName]: owner.route.name,
          [TAG_KEYS.routeNamespace]: owner.route.namespace,
        }
      : {}),
  };
}

export function targetGroupTags(
  owner: TargetGroupOwner,
  config: TargetGroupConfig,
  userTags: Tags,
): Tags {
  return {
    ...userTags,
    ...targetGroupOwnerTags(owner),
    [TAG_KEYS.protocolVersion]: config.protocolVersion ?? '',
  };
}

export interface LatticeServiceOwner {
  managedBy: string;
  routeName: string;
  routeNamespace: string;
  routeType: RouteKindInfo['routeType'];
}

export function latticeServiceTags(
  owner: LatticeServiceOwner,
  userTags: Tags,
): Tags {
  return {
    ...userTags,
    [TAG_KEYS.managedBy]: owner.managedBy,
    [TAG_KEYS.routeName]: owner.routeName,
    [TAG_KEYS.routeNamespace]: owner.routeNamespace,
    [TAG_KEYS.routeType]: owner.routeType,
  };
}

/** Whether every wanted tag is present with the same value. */
export function hasTags(tags: Tags, wanted: Tags): boolean {
  for (const key in wanted) {
    if (tags[key] !== wanted[key]) return false;
  }
  return true;
}
