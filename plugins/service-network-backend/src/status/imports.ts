/*
 * ServiceImports in the config cluster that point at this Service, and what
 * each resolves to. The controller resolves an import to the first target
 * group matching its tags (facts §1.2), in the import's own namespace.
 */
import {
  ImportCandidate,
  ImportMode,
  ImportResolution,
  LATTICE_ANNOTATIONS,
  LATTICE_FINALIZERS,
  LATTICE_TAG_KEYS,
  RouteRef,
  ServiceImportStatus,
  ServiceRef,
  WorkloadClusterStatus,
} from '@service-network/backstage-plugin-service-network-common';
import type {
  ClusterInventory,
  LatticeInventory,
  LatticeTargetGroupEntry,
  RouteIndex,
  ServiceImportObject,
} from '../inventory/snapshot';
import { importedExportName } from '../inventory/objectIndex';
import { annotationOf, hasFinalizer } from './kube';

export interface ImportsInput {
  config: ClusterInventory;
  service: ServiceRef;
  clusters: readonly WorkloadClusterStatus[];
  lattice: LatticeInventory;
  latticeHasData: boolean;
}

/** The annotations that steer an import's resolution (facts §1.2). */
interface ImportKeys {
  exportName: string;
  pinnedCluster?: string;
  pinnedVpc?: string;
  targetGroupArn?: string;
  /** Any of export-name, aws-eks-cluster-name, aws-vpc is set. */
  narrowed: boolean;
}

function keysOf(serviceImport: ServiceImportObject): ImportKeys {
  const read = (key: string) => annotationOf(serviceImport, key);
  const exportName = read(LATTICE_ANNOTATIONS.exportName);
  const pinnedCluster = read(LATTICE_ANNOTATIONS.awsEksClusterName);
  const pinnedVpc = read(LATTICE_ANNOTATIONS.awsVpc);
  const targetGroupArn = read(LATTICE_ANNOTATIONS.targetGroupArn);
  return {
    exportName: importedExportName(serviceImport),
    pinnedCluster,
    pinnedVpc,
    targetGroupArn,
    narrowed: [exportName, pinnedCluster, pinnedVpc].some(
      value => value !== undefined,
    ),
  };
}

/** Imports that name one of the Service's exports, or point at one of its target groups. */
function importsOfService(input: ImportsInput): ServiceImportObject[] {
  const { config, service, clusters } = input;
  const exportNames = new Set([
    service.name,
    ...clusters.flatMap(cluster =>
      cluster.export ? [cluster.export.name] : [],
    ),
  ]);
  const byName = [...exportNames]
    .flatMap(exportName => [
      ...config.serviceImports.forExport(service.namespace, exportName),
    ])
    .filter(serviceImport => {
      const keys = keysOf(serviceImport);
      return !keys.targetGroupArn || keys.narrowed;
    });
  const byArn = clusters
    .flatMap(cluster => cluster.targetGroups)
    .flatMap(group => [...config.serviceImports.withTargetGroupArn(group.arn)]);
  const unique = new Map<string, ServiceImportObject>();
  for (const serviceImport of [...byName, ...byArn]) {
    const { namespace, name } = serviceImport.metadata;
    unique.set(`${namespace}/${name}`, serviceImport);
  }
  return [...unique.values()];
}

function candidateOf(entry: LatticeTargetGroupEntry): ImportCandidate {
  const group = entry.targetGroup;
  return {
    targetGroupId: group.id,
    arn: group.arn,
    name: group.name,
    cluster: group.tags[LATTICE_TAG_KEYS.clusterName],
    port: group.port,
    status: group.status,
  };
}

function routesUsing(
  config: ClusterInventory,
  namespace: string,
  name: string,
): RouteRef[] {
  const kinds = Object.entries(config.routes) as Array<
    [RouteRef['kind'], RouteIndex]
  >;
  return kinds.flatMap(([kind, index]) =>
    [...index.byBackend(namespace, name)]
      .filter(route =>
        (route.spec?.rules ?? []).some(rule =>
          (rule.backendRefs ?? []).some(
            backend =>
              backend.kind === 'ServiceImport' &&
              backend.name === name &&
              (backend.namespace ?? route.metadata.namespace) === namespace,
          ),
        ),
      )
      .map(route => ({
        kind,
        namespace: route.metadata.namespace ?? namespace,
        name: route.metadata.name,
      })),
  );
}

function resolve(
  input: ImportsInput,
  namespace: string,
  keys: ImportKeys,
): Pick<
  ServiceImportStatus,
  'resolution' | 'candidates' | 'exportingClusters'
> {
  const { lattice, latticeHasData, clusters } = input;
  const { exportName, pinnedCluster, pinnedVpc, targetGroupArn } = keys;
  const clusterOf = (entry: LatticeTargetGroupEntry) =>
    entry.targetGroup.tags[LATTICE_TAG_KEYS.clusterName];
  const all = latticeHasData
    ? lattice.targetGroupsForExport({ namespace, name: exportName })
    : [];
  const exportingClusters = isPinned(keys)
    ? undefined
    : [
        ...new Set([
          ...clusters
            .filter(
              cluster =>
                cluster.export?.federated && cluster.export.name === exportName,
            )
            .map(cluster => cluster.cluster),
          ...all.flatMap(entry => (clusterOf(entry) ? [clusterOf(entry)] : [])),
        ]),
      ].sort();
  const outcome = (
    resolution: ImportResolution,
    entries: readonly LatticeTargetGroupEntry[] = [],
  ) => ({
    resolution,
    candidates: entries.map(candidateOf),
    ...(exportingClusters && { exportingClusters }),
  });

  if (!latticeHasData) {
    return outcome('unknown');
  }
  if (targetGroupArn) {
    if (keys.narrowed) {
      return outcome('conflicting-annotations');
    }
    const direct = lattice.targetGroupByArn(targetGroupArn);
    return direct ? outcome('resolved', [direct]) : outcome('unresolved');
  }
  if (lattice.tagsPending({ namespace, name: exportName })) {
    return outcome('unknown', all);
  }
  const matching = all.filter(
    entry =>
      (!pinnedCluster || clusterOf(entry) === pinnedCluster) &&
      (!pinnedVpc || entry.targetGroup.vpcIdentifier === pinnedVpc),
  );
  if (matching.length === 0) {
    return outcome('unresolved');
  }
  const matchingClusters = new Set(matching.map(clusterOf));
  return outcome(
    matchingClusters.size > 1 ? 'ambiguous' : 'resolved',
    matching,
  );
}

/** Pinned to one target group or one cluster: it cannot reach another cluster's export by mistake. */
function isPinned(keys: ImportKeys): boolean {
  return Boolean(keys.targetGroupArn || keys.pinnedCluster);
}

function modeOf(keys: ImportKeys): ImportMode {
  if (keys.targetGroupArn) {
    return 'target-group-arn';
  }
  return keys.narrowed ? 'export-name' : 'name';
}

export function composeImports(input: ImportsInput): ServiceImportStatus[] {
  return importsOfService(input).map(serviceImport => {
    const { namespace = input.service.namespace, name } =
      serviceImport.metadata;
    const keys = keysOf(serviceImport);
    const { narrowed, ...annotations } = keys;
    return {
      cluster: input.config.cluster.name,
      namespace,
      name,
      mode: modeOf(keys),
      ...annotations,
      type: serviceImport.spec?.type,
      ports: (serviceImport.spec?.ports ?? []).map(port => ({
        name: port.name,
        port: port.port,
        protocol: port.protocol,
      })),
      pickedUp: hasFinalizer(serviceImport, LATTICE_FINALIZERS.serviceImport),
      ...resolve(input, namespace, keys),
      usedBy: routesUsing(input.config, namespace, name),
    };
  });
}
