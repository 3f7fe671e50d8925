/*
 * An export request, checked against the inventory and turned into the
 * exact ServiceExport for each chosen cluster, or into the problems that
 * stop it. Pure: the applier writes what this plans, and a dry run shows it.
 */
import {
  ExportRequest,
  KindDescriptor,
  KubeObjectManifest,
  SERVICE_NETWORK_SERVICE_ANNOTATION,
  ServiceRef,
} from '@service-network/backstage-plugin-service-network-common';
import type {
  ClusterInventory,
  LatticeInventory,
} from '../inventory/snapshot';
import type { ExportNote } from '../providers/types';
import { ClusterSelection, resolveWriter, VersionLookup } from './preflight';
import { conflict, describeService, input, PreflightProblem } from './problems';
import { TargetGroupQuota, targetGroupQuotaWarning } from './targetGroupQuota';

/** One object to write (or delete) in one cluster. */
export interface ClusterWrite {
  cluster: string;
  kind: KindDescriptor;
  object: KubeObjectManifest;
  /** The provider's own field manager, when it has one. */
  fieldManager?: string;
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
  /** For clusters whose provider's export kind comes in several versions: the one served. */
  servedVersions: ReadonlyMap<string, VersionLookup>;
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

/** Each note once, naming every cluster that gave it. */
function noteWarnings(notes: ReadonlyArray<{ cluster: string; note: ExportNote }>): string[] {
  const byId = new Map<string, { note: ExportNote; clusters: string[] }>();
  for (const { cluster, note } of notes) {
    const entry = byId.get(note.id) ?? { note, clusters: [] };
    entry.clusters.push(cluster);
    byId.set(note.id, entry);
  }
  return [...byId.values()].map(({ note, clusters }) => note.text(clusters));
}

export function planExport(options: ExportPlanInput): ExportPlan {
  const { service, request, selection, servedVersions, lattice } = options;
  const problems = [...selection.problems, ...repeatedPorts(request.ports)];
  const warnings = [...selection.warnings];
  const writes: ClusterWrite[] = [];
  const notes: Array<{ cluster: string; note: ExportNote }> = [];
  let addedTargetGroups = 0;

  if (!request.clusters && selection.clusters.length === 0) {
    problems.push(
      conflict(`${describeService(service)} exists in no workload cluster; deploy it first, or point the entity at its Service with the ${SERVICE_NETWORK_SERVICE_ANNOTATION} annotation (<namespace>/<name>)`),
    );
  }
  for (const cluster of selection.clusters) {
    const name = cluster.cluster.name;
    const resolved = resolveWriter(cluster, servedVersions, request.provider);
    if ('problem' in resolved) {
      problems.push(resolved.problem);
      continue;
    }
    if ('notServed' in resolved) {
      problems.push(conflict(resolved.notServed));
      continue;
    }
    const serviceObject = cluster.services.get(service.namespace, service.name);
    if (!serviceObject) {
      problems.push(
        conflict(`${describeService(service)} does not exist in ${name}; deploy it there first, or leave ${name} out of "clusters"`),
      );
      continue;
    }
    const planned = resolved.writer.plan({
      cluster,
      service,
      serviceObject,
      request,
      kind: resolved.kind,
      lattice,
    });
    problems.push(...planned.problems);
    notes.push(...planned.notes.map(note => ({ cluster: name, note })));
    addedTargetGroups += planned.addedTargetGroups;
    const { fieldManager } = resolved.writer;
    writes.push({
      cluster: name,
      kind: resolved.kind,
      object: planned.object,
      ...(fieldManager ? { fieldManager } : {}),
    });
  }

  warnings.push(...noteWarnings(notes));
  const quotaWarning = targetGroupQuotaWarning(options.quota, addedTargetGroups, lattice.sync);
  if (quotaWarning) warnings.push(quotaWarning);
  return { writes, warnings, problems };
}
