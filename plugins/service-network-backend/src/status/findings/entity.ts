/*
 * Findings about the entity as a whole: nothing to find, nothing exported,
 * no config cluster to read routes from, or a namespace Service Network does
 * not write to for this entity.
 */
import {
  Finding,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
  LATTICE_ANNOTATIONS,
  LATTICE_FEDERATION_VALUE,
  NAMESPACE_NOT_WRITABLE_FINDING,
  SERVICE_NETWORK_SERVICE_ANNOTATION,
  ServiceRef,
  WorkloadClusterStatus,
} from '@service-network/backstage-plugin-service-network-common';
import type { NamespaceVerdict } from '../../guard';

export function entityFindings(
  clusters: readonly WorkloadClusterStatus[],
  service: ServiceRef,
  hasConfigCluster: boolean,
  namespaceVerdict: NamespaceVerdict = { allowed: true },
): Finding[] {
  const name = `${service.namespace}/${service.name}`;
  const findings: Finding[] = [];
  if (!namespaceVerdict.allowed) {
    findings.push({
      id: NAMESPACE_NOT_WRITABLE_FINDING,
      severity: 'warning',
      title: 'Service Network cannot export this Service',
      detail: `${namespaceVerdict.reason}. It is shown read-only: exports, unexports and route requests for it are refused.`,
      action: `If the entity should map to another Service, fix its annotations (${SERVICE_NETWORK_SERVICE_ANNOTATION}, or ${KUBERNETES_NAMESPACE_ANNOTATION} and ${KUBERNETES_ID_ANNOTATION}); otherwise ask the platform team to change ${namespaceVerdict.rule}.`,
    });
  }
  if (!hasConfigCluster) {
    findings.push({
      id: 'no-config-cluster',
      severity: 'warning',
      title: 'No config cluster configured',
      detail:
        'Service Network has no cluster with the role config, so routes, ServiceImports and DNS names cannot be shown.',
      action:
        'Ask the platform team to add the config cluster (role: config) to the Service Network backend configuration.',
    });
  }
  const known = clusters.filter(cluster => cluster.state !== 'unknown');
  if (known.length === 0 || known.length < clusters.length) {
    return findings;
  }
  const exported = known.some(cluster => cluster.state !== 'not-exported');
  const deployed = known.some(cluster => cluster.service);
  if (!exported && !deployed) {
    findings.push({
      id: 'service-not-found',
      severity: 'warning',
      title: 'Service not found in any cluster',
      detail: `No workload cluster has a Service ${name}.`,
      action: `If the Service has another name or namespace, set the annotation ${SERVICE_NETWORK_SERVICE_ANNOTATION}: <namespace>/<name> (or ${KUBERNETES_NAMESPACE_ANNOTATION} and ${KUBERNETES_ID_ANNOTATION}) on this entity.`,
    });
  } else if (!exported && namespaceVerdict.allowed) {
    findings.push({
      id: 'not-exported',
      severity: 'info',
      title: 'Not exported',
      detail: `${name} is not exported from any workload cluster, so it cannot be reached through VPC Lattice from other clusters.`,
      action: `Use Export on this page (or the "Export a service" template): it creates a ServiceExport with the annotation ${LATTICE_ANNOTATIONS.federation}: ${LATTICE_FEDERATION_VALUE} in the clusters you choose.`,
    });
  }
  return findings;
}
