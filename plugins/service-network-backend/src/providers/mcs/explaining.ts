/*
 * Findings from an MCS-like ServiceExport's conditions (in KEP-1645's
 * terms Valid, Ready, Conflict), quoting what the implementation said.
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
import type { McsApi } from './api';

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
  api: McsApi,
  cluster: WorkloadClusterStatus,
  service: ServiceRef,
): Finding[] {
  const mcsExport: McsExportStatus | undefined = cluster[api.details.export];
  if (!mcsExport || mcsExport.deleting) {
    return [];
  }
  const [kind] = api.exportKinds;
  const label = `${api.apiName} ServiceExport ${service.namespace}/${mcsExport.name} in cluster ${cluster.cluster}`;
  const base = {
    cluster: cluster.cluster,
    objectRefs: [
      kubeRef(kind, cluster.cluster, service.namespace, mcsExport.name),
    ],
  };
  const valid = conditionOf(mcsExport.conditions, api.conditions.valid);
  const ready = conditionOf(mcsExport.conditions, api.conditions.ready);
  const conflict = conditionOf(mcsExport.conditions, api.conditions.conflict);
  const findings: Finding[] = [];
  if (valid?.status === 'False') {
    findings.push({
      id: `${api.id}-export-invalid`,
      severity: 'error',
      title: `${api.apiName} export is not valid`,
      detail: `${label} reports ${said(valid)}; it is not exported.`,
      action:
        INVALID_ACTIONS[valid.reason ?? ''] ??
        `Fix what the message names; the ${api.apiName} controller re-checks the export on its own.`,
      ...base,
    });
  }
  if (conflict?.status === 'True') {
    findings.push({
      id: `${api.id}-export-conflict`,
      severity: 'warning',
      title: `${api.apiName} export conflicts with other clusters`,
      detail: `${label} reports ${said(
        conflict,
      )}: the Service differs between exporting clusters, and the ${api.apiName} implementation uses the value of the oldest export.`,
      action:
        'Make the Service the same in every exporting cluster in the property the reason names (ports, type, session affinity, labels, annotations, traffic policy, IP family).',
      ...base,
    });
  }
  if (ready && ready.status !== 'True' && valid?.status !== 'False') {
    const failed = ready.reason === 'Failed';
    findings.push({
      id: `${api.id}-export-not-ready`,
      severity: failed ? 'error' : 'info',
      title: `${api.apiName} export ${failed ? 'failed' : 'not ready yet'}`,
      detail: `${label} reports ${said(ready)}.`,
      action: failed
        ? `Fix what the message names, or read the ${api.apiName} implementation's logs in this cluster.`
        : `Wait; the ${api.apiName} implementation is still exporting it.`,
      ...base,
    });
  }
  return findings;
}

/** The Service runs here and the clusterset serves it from elsewhere, but this cluster does not export it. */
function notExportedHereFindings(
  api: McsApi,
  cluster: WorkloadClusterStatus,
  service: ServiceRef,
): Finding[] {
  const imported = cluster[api.details.import];
  if (
    cluster[api.details.export] ||
    !cluster.service ||
    !imported?.clusters.length
  ) {
    return [];
  }
  return [
    {
      id: `${api.id}-not-exported-here`,
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
      action: `Export it here too (the Export button, or a ${api.exportKinds[0].group} ServiceExport named ${service.name} in namespace ${service.namespace}), or leave it out on purpose.`,
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

export function mcsExplainerFor(api: McsApi): ProviderExplainer {
  return {
    explain: ({ cluster, service }) => [
      ...mcsFindings(api, cluster, service),
      ...notExportedHereFindings(api, cluster, service),
    ],
  };
}
