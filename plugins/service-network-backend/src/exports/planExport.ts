/*
 * An export request, checked against the inventory and turned into the
 * exact ServiceExport for each chosen cluster, or into the problems that
 * stop it. Pure: the applier writes what this plans, and a dry run shows it.
 */
import {
  ExportRequest,
  KindDescriptor,
  KubeObjectManifest,
  LATTICE_ANNOTATIONS,
  LATTICE_FEDERATION_VALUE,
  SERVICE_NETWORK_SERVICE_ANNOTATION,
  ServiceRef,
} from '@service-network/backstage-plugin-service-network-common';
import type {
  ClusterInventory,
  LatticeInventory,
  ServiceObject,
} from '../inventory/snapshot';
import {
  ClusterSelection,
  conflict,
  describeService,
  input,
  McsVersionLookup,
  PreflightProblem,
  resolveFlavour,
} from './preflight';
import {
  defaultExportedPorts,
  ExportedPort,
  isTcp,
  serviceExportKind,
  serviceExportManifest,
} from './serviceExportManifest';
import { TargetGroupQuota, targetGroupQuotaWarning } from './targetGroupQuota';

/** One object to write (or delete) in one cluster. */
export interface ClusterWrite {
  cluster: string;
  kind: KindDescriptor;
  object: KubeObjectManifest;
}

export interface ExportPlan {
  writes: ClusterWrite[];
  warnings: string[];
  /** Empty when the plan may be applied. */
  problems: PreflightProblem[];
}

export interface ExportPlanInput {
  service: ServiceRef;
  request: ExportRequest;
  selection: ClusterSelection;
  mcsVersions: ReadonlyMap<string, McsVersionLookup>;
  lattice: LatticeInventory;
  quota: TargetGroupQuota;
}

/** Without `clusters`, a request means every workload cluster where the Service exists. */
export function hasService(service: ServiceRef) {
  return (cluster: ClusterInventory): boolean =>
    cluster.services.get(service.namespace, service.name) !== undefined;
}

function repeatedPorts(ports: ExportRequest['ports']): PreflightProblem[] {
  const seen = new Set<number>();
  const repeated = new Set<number>();
  for (const { port } of ports ?? []) {
    if (seen.has(port)) repeated.add(port);
    seen.add(port);
  }
  return [...repeated].map(port => input(`port ${port} is listed twice in "ports"`));
}

function describePorts(service: ServiceObject): string {
  const ports = service.spec?.ports ?? [];
  return ports.length
    ? ports.map(p => `${p.port}/${p.protocol ?? 'TCP'}${p.name ? ` (${p.name})` : ''}`).join(', ')
    : 'none';
}

/** The ports to export from this Service: the requested ones, each checked, or by default all its TCP ports. */
function exportedPorts(
  service: ServiceObject,
  requested: ExportRequest['ports'],
  where: string,
): { ports: ExportedPort[]; problems: PreflightProblem[] } {
  const servicePorts = service.spec?.ports ?? [];
  if (!requested) {
    const ports = defaultExportedPorts(servicePorts);
    return {
      ports,
      problems: ports.length ? [] : [conflict(`${where} has no TCP port to export (its ports: ${describePorts(service)})`)],
    };
  }
  const problems = requested.flatMap(({ port }) => {
    const match = servicePorts.find(p => p.port === port);
    if (!match) {
      return [input(`port ${port} is not a port of ${where} (its ports: ${describePorts(service)})`)];
    }
    return isTcp(match)
      ? []
      : [input(`port ${port} of ${where} is ${match.protocol}; VPC Lattice carries TCP only`)];
  });
  return { ports: requested, problems };
}

/**
 * Target groups the controller will create: one per exported port that
 * neither has one in Lattice yet nor is exported already by the cluster's
 * federated export (whose target group the Lattice inventory may not have
 * seen yet).
 */
function newTargetGroups(
  lattice: LatticeInventory,
  cluster: ClusterInventory,
  service: ServiceRef,
  ports: readonly ExportedPort[],
): number {
  const current = cluster.serviceExports.get(service.namespace, service.name);
  const federated = current?.metadata.annotations?.[LATTICE_ANNOTATIONS.federation] === LATTICE_FEDERATION_VALUE;
  const covered = new Set([
    ...(federated ? current?.spec?.exportedPorts ?? [] : []).map(p => p.port),
    ...lattice
      .targetGroupsForExport({ ...service, cluster: cluster.cluster.name })
      .map(entry => entry.targetGroup.port),
  ]);
  return ports.filter(({ port }) => !covered.has(port)).length;
}

export function planExport(options: ExportPlanInput): ExportPlan {
  const { service, request, selection, mcsVersions, lattice } = options;
  const problems = [...selection.problems, ...repeatedPorts(request.ports)];
  const warnings = [...selection.warnings];
  const writes: ClusterWrite[] = [];
  const mcsClusters: string[] = [];
  let addedTargetGroups = 0;

  if (!request.clusters && selection.clusters.length === 0) {
    problems.push(
      conflict(`${describeService(service)} exists in no workload cluster; deploy it first, or point the entity at its Service with the ${SERVICE_NETWORK_SERVICE_ANNOTATION} annotation (<namespace>/<name>)`),
    );
  }
  for (const cluster of selection.clusters) {
    const name = cluster.cluster.name;
    const resolved = resolveFlavour(cluster, mcsVersions);
    if ('problem' in resolved) {
      problems.push(resolved.problem);
      continue;
    }
    if ('notServed' in resolved) {
      problems.push(conflict(resolved.notServed));
      continue;
    }
    const found = cluster.services.get(service.namespace, service.name);
    if (!found) {
      problems.push(
        conflict(`${describeService(service)} does not exist in ${name}; deploy it there first, or leave ${name} out of "clusters"`),
      );
      continue;
    }
    const { flavour } = resolved;
    let ports: ExportedPort[] = [];
    if (flavour.api === 'aws') {
      const checked = exportedPorts(found, request.ports, `${describeService(service)} in ${name}`);
      problems.push(...checked.problems);
      ports = checked.ports;
      addedTargetGroups += newTargetGroups(lattice, cluster, service, ports);
    } else {
      mcsClusters.push(name);
    }
    writes.push({
      cluster: name,
      kind: serviceExportKind(flavour),
      object: serviceExportManifest(flavour, service, ports),
    });
  }

  if (request.ports && mcsClusters.length > 0) {
    warnings.push(
      `${mcsClusters.join(', ')} ${mcsClusters.length === 1 ? 'uses' : 'use'} the upstream MCS API, which exports every port of the Service: the chosen ports and route types apply to AWS Gateway API Controller clusters only`,
    );
  }
  const quotaWarning = targetGroupQuotaWarning(options.quota, addedTargetGroups, lattice.sync);
  if (quotaWarning) warnings.push(quotaWarning);
  return { writes, warnings, problems };
}
