/*
 * An unexport request, checked against the inventory and turned into the
 * ServiceExport to delete in each chosen cluster. Pure, like planExport.
 */
import type { ProviderId, ServiceRef } from '@service-network/backstage-plugin-service-network-common';
import type {
  ClusterInventory,
  KubeObject,
  NamespacedIndex,
} from '../inventory/snapshot';
import type { ClusterWrite } from './planExport';
import {
  ClusterSelection,
  exportingProvider,
  resolveWriter,
  VersionLookup,
} from './preflight';
import { describeService, PreflightProblem } from './problems';

/**
 * What to do in one cluster: delete the export, apply its release (a
 * provider whose export is our field of the Service gives up the field),
 * or nothing where the kind is not served (so no such export exists).
 */
export type UnexportStep =
  | (ClusterWrite & {
      action: 'delete' | 'release';
      /** Whether the inventory holds the export; what a dry run reports. */
      known: boolean;
    })
  | { action: 'none'; cluster: string };

export interface UnexportPlan {
  /** In the order of the chosen clusters. */
  steps: UnexportStep[];
  warnings: string[];
  /** Empty when the plan may be applied. */
  problems: PreflightProblem[];
}

/** The export of the Service by the cluster's exporting provider, as the inventory knows it. */
export function isExportedIn(service: ServiceRef, provider?: ProviderId) {
  return (cluster: ClusterInventory): boolean => {
    const reader = exportingProvider(cluster, provider)?.reader;
    const exports = reader && cluster.index<NamespacedIndex<KubeObject>>(reader.exportSource);
    const found = exports?.get(service.namespace, service.name);
    return found !== undefined && (reader?.isExport?.(found) ?? true);
  };
}

export function planUnexport(options: {
  service: ServiceRef;
  requestedClusters: readonly string[] | undefined;
  provider?: ProviderId;
  selection: ClusterSelection;
  servedVersions: ReadonlyMap<string, VersionLookup>;
}): UnexportPlan {
  const { service, selection, servedVersions } = options;
  const plan: UnexportPlan = {
    steps: [],
    warnings: [...selection.warnings],
    problems: [...selection.problems],
  };
  if (!options.requestedClusters && selection.clusters.length === 0) {
    plan.warnings.push(`${describeService(service)} is not exported in any workload cluster; there was nothing to delete`);
  }
  const exported = isExportedIn(service, options.provider);
  for (const cluster of selection.clusters) {
    const resolved = resolveWriter(cluster, servedVersions, options.provider);
    if ('problem' in resolved) {
      plan.problems.push(resolved.problem);
    } else if ('notServed' in resolved) {
      plan.steps.push({ action: 'none', cluster: cluster.cluster.name });
    } else {
      const { writer } = resolved;
      const release = writer.release?.(resolved.kind, service);
      plan.steps.push({
        action: release ? 'release' : 'delete',
        cluster: cluster.cluster.name,
        kind: resolved.kind,
        object: release ?? writer.header(resolved.kind, service),
        ...(writer.fieldManager ? { fieldManager: writer.fieldManager } : {}),
        known: exported(cluster),
      });
    }
  }
  return plan;
}
