/*
 * Findings from an upstream MCS ServiceExport's conditions (Valid, Ready,
 * Conflict), quoting what the MCS implementation said.
 */
import {
  Finding,
  KINDS,
  McsExportStatus,
  ServiceRef,
  StatusCondition,
  WorkloadClusterStatus,
} from '@service-network/backstage-plugin-service-network-common';
import { conditionOf } from '../../status/kube';
import { kubeRef } from '../../status/refs';
import type { ProviderExplainer } from '../types';

const INVALID_ACTIONS: Record<string, string> = {
  NoService:
    'Create the Service with the same name and namespace in this cluster, or delete the ServiceExport.',
  InvalidServiceType:
    'ExternalName Services cannot be exported; export a ClusterIP or headless Service instead.',
};

function said(condition: StatusCondition): string {
  const words = [condition.reason, condition.message]
    .filter(Boolean)
    .join(': ');
  return words
    ? `${condition.type}=${condition.status} (${words})`
    : `${condition.type}=${condition.status}`;
}

function mcsFindings(
  cluster: WorkloadClusterStatus,
  service: ServiceRef,
): Finding[] {
  const mcsExport: McsExportStatus | undefined = cluster.mcsExport;
  if (!mcsExport || mcsExport.deleting) {
    return [];
  }
  const label = `MCS ServiceExport ${service.namespace}/${mcsExport.name} in cluster ${cluster.cluster}`;
  const base = {
    cluster: cluster.cluster,
    objectRefs: [
      kubeRef(
        KINDS.mcsServiceExport,
        cluster.cluster,
        service.namespace,
        mcsExport.name,
      ),
    ],
  };
  const valid = conditionOf(mcsExport.conditions, 'Valid');
  const ready = conditionOf(mcsExport.conditions, 'Ready');
  const conflict = conditionOf(mcsExport.conditions, 'Conflict');
  const findings: Finding[] = [];
  if (valid?.status === 'False') {
    findings.push({
      id: 'mcs-export-invalid',
      severity: 'error',
      title: 'MCS export is not valid',
      detail: `${label} reports ${said(valid)}; it is not exported.`,
      action:
        INVALID_ACTIONS[valid.reason ?? ''] ??
        'Fix what the message names; the MCS controller re-checks the export on its own.',
      ...base,
    });
  }
  if (conflict?.status === 'True') {
    findings.push({
      id: 'mcs-export-conflict',
      severity: 'warning',
      title: 'MCS export conflicts with other clusters',
      detail: `${label} reports ${said(
        conflict,
      )}: the Service differs between exporting clusters, and the MCS implementation uses the value of the oldest export.`,
      action:
        'Make the Service the same in every exporting cluster in the property the reason names (ports, type, session affinity, labels, annotations, traffic policy, IP family).',
      ...base,
    });
  }
  if (ready && ready.status !== 'True' && valid?.status !== 'False') {
    const failed = ready.reason === 'Failed';
    findings.push({
      id: 'mcs-export-not-ready',
      severity: failed ? 'error' : 'info',
      title: failed ? 'MCS export failed' : 'MCS export not ready yet',
      detail: `${label} reports ${said(ready)}.`,
      action: failed
        ? "Fix what the message names, or read the MCS implementation's logs in this cluster."
        : 'Wait; the MCS implementation is still exporting it.',
      ...base,
    });
  }
  return findings;
}

/** The Service runs here and the clusterset serves it from elsewhere, but this cluster does not export it. */
function notExportedHereFindings(
  cluster: WorkloadClusterStatus,
  service: ServiceRef,
): Finding[] {
  const imported = cluster.mcsImport;
  if (cluster.mcsExport || !cluster.service || !imported?.clusters.length) {
    return [];
  }
  return [
    {
      id: 'mcs-not-exported-here',
      severity: 'warning',
      cluster: cluster.cluster,
      title: 'Runs here but is not exported to the clusterset',
      detail: `${service.namespace}/${service.name} runs in cluster ${
        cluster.cluster
      }, and the clusterset serves ${service.name}.${
        service.namespace
      }.svc.clusterset.local from ${imported.clusters.join(
        ', ',
      )} only: calls to that name never reach the pods here.`,
      action: `Export it here too (the Export button, or a ${KINDS.mcsServiceExport.group} ServiceExport named ${service.name} in namespace ${service.namespace}), or leave it out on purpose.`,
      objectRefs: [
        kubeRef(
          KINDS.service,
          cluster.cluster,
          service.namespace,
          service.name,
        ),
      ],
    },
  ];
}

export const mcsExplainer: ProviderExplainer = {
  explain: ({ cluster, service }) => [
    ...mcsFindings(cluster, service),
    ...notExportedHereFindings(cluster, service),
  ],
};
