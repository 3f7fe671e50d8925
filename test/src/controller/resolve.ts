/*
 * How a route's ServiceImport backendRef finds its target group
 * (pkg/gateway/model_build_rule.go, docs/api-types/service-import.md):
 * by tags, narrowed by the import's annotations, taking the FIRST match.
 */
import { KubeObject } from '../kube/types';
import { Tags } from '../lattice/types';
import { ANNOTATIONS } from './constants';
import { hasTags, SOURCE_TYPE_SERVICE_EXPORT, TAG_KEYS } from './naming';
import type {
  TaggedTargetGroup,
  TargetGroupCatalog,
} from './targetGroupCatalog';

export interface BackendRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  port?: number;
  weight?: number;
}

export type UnresolvedReason =
  | 'InvalidKind'
  | 'BackendNotFound'
  | 'ConflictingServiceImportAnnotations'
  | 'ExternalTargetGroupNotFound';

export type Resolution =
  | { resolved: true; targetGroup: TaggedTargetGroup }
  | { resolved: false; reason: UnresolvedReason; message: string };

export interface ImportCriteria {
  tags: Tags;
  vpcIdentifier?: string;
}

export function backendKind(ref: BackendRef): string {
  return ref.kind ?? 'Service';
}

export function backendNamespace(
  ref: BackendRef,
  routeNamespace: string,
): string {
  return ref.namespace ?? routeNamespace;
}

/** The tags (and VPC) a target group needs to serve this import. */
export function importCriteria(
  ref: BackendRef,
  routeNamespace: string,
  serviceImport: KubeObject,
): ImportCriteria {
  const annotations = serviceImport.metadata.annotations ?? {};
  const cluster = annotations[ANNOTATIONS.eksClusterName];
  const vpc = annotations[ANNOTATIONS.awsVpc];
  return {
    tags: {
      [TAG_KEYS.sourceType]: SOURCE_TYPE_SERVICE_EXPORT,
      [TAG_KEYS.serviceName]: annotations[ANNOTATIONS.exportName] || ref.name,
      [TAG_KEYS.serviceNamespace]: backendNamespace(ref, routeNamespace),
      ...(cluster ? { [TAG_KEYS.clusterName]: cluster } : {}),
    },
    ...(vpc ? { vpcIdentifier: vpc } : {}),
  };
}

/**
 * The target groups an import could resolve to, found through the catalog's
 * indexes, in the catalog's order: resolveServiceImport chooses among them.
 */
export function importCandidates(
  ref: BackendRef,
  routeNamespace: string,
  serviceImport: KubeObject | undefined,
  catalog: Pick<TargetGroupCatalog, 'find' | 'withTags'>,
): TaggedTargetGroup[] {
  if (!serviceImport) return [];
  const externalArn =
    serviceImport.metadata.annotations?.[ANNOTATIONS.targetGroupArn];
  if (externalArn) {
    const external = catalog.find(externalArn);
    return external ? [external] : [];
  }
  return catalog.withTags(
    importCriteria(ref, routeNamespace, serviceImport).tags,
  );
}

function describeCriteria(criteria: ImportCriteria): string {
  const tags = criteria.tags;
  const parts = [
    `export ${tags[TAG_KEYS.serviceNamespace]}/${tags[TAG_KEYS.serviceName]}`,
  ];
  if (tags[TAG_KEYS.clusterName])
    parts.push(`in cluster ${tags[TAG_KEYS.clusterName]}`);
  if (criteria.vpcIdentifier) parts.push(`in VPC ${criteria.vpcIdentifier}`);
  return parts.join(' ');
}

function unresolved(reason: UnresolvedReason, message: string): Resolution {
  return { resolved: false, reason, message };
}

export function resolveServiceImport(
  ref: BackendRef,
  routeNamespace: string,
  serviceImport: KubeObject | undefined,
  targetGroups: TaggedTargetGroup[],
): Resolution {
  const namespace = backendNamespace(ref, routeNamespace);
  const label = `ServiceImport ${namespace}/${ref.name}`;
  if (!serviceImport)
    return unresolved('BackendNotFound', `backendRef ${label} not found`);

  const annotations = serviceImport.metadata.annotations ?? {};
  const externalArn = annotations[ANNOTATIONS.targetGroupArn];
  if (externalArn) {
    const mixed = [
      ANNOTATIONS.exportName,
      ANNOTATIONS.eksClusterName,
      ANNOTATIONS.awsVpc,
    ].filter(key => annotations[key]);
    if (mixed.length > 0) {
      return unresolved(
        'ConflictingServiceImportAnnotations',
        `backendRef ${label}: target-group-arn cannot be combined with ${mixed.join(
          ', ',
        )}`,
      );
    }
    const external = targetGroups.find(
      tg => tg.arn === externalArn || tg.id === externalArn,
    );
    return external
      ? { resolved: true, targetGroup: external }
      : unresolved(
          'ExternalTargetGroupNotFound',
          `backendRef ${label}: target group ${externalArn} not found`,
        );
  }

  const criteria = importCriteria(ref, routeNamespace, serviceImport);
  const match = targetGroups.find(
    tg =>
      hasTags(tg.tags, criteria.tags) &&
      (criteria.vpcIdentifier === undefined ||
        tg.config.vpcIdentifier === criteria.vpcIdentifier),
  );
  return match
    ? { resolved: true, targetGroup: match }
    : unresolved(
        'BackendNotFound',
        `backendRef ${label}: no target group found for ${describeCriteria(
          criteria,
        )}`,
      );
}
