/*
 * Findings about the ServiceImports that point at this Service: ones that
 * resolve to nothing, and the first-match pitfall of unpinned imports.
 */
import {
  Finding,
  KINDS,
  LATTICE_ANNOTATIONS,
  ServiceImportStatus,
} from '@service-network/backstage-plugin-service-network-common';
import { kubeRef } from '../refs';

function label(serviceImport: ServiceImportStatus): string {
  return `ServiceImport ${serviceImport.namespace}/${serviceImport.name}`;
}

function routesUsing(serviceImport: ServiceImportStatus): string {
  return serviceImport.usedBy
    .map(route => `${route.kind} ${route.namespace}/${route.name}`)
    .join(', ');
}

function unresolvedDetail(serviceImport: ServiceImportStatus): string {
  const { exportName, pinnedCluster, pinnedVpc, namespace } = serviceImport;
  if (serviceImport.mode === 'target-group-arn') {
    return `${label(serviceImport)} points at target group ${
      serviceImport.targetGroupArn
    }, which VPC Lattice does not have (or does not share with this account).`;
  }
  const narrowing = [
    pinnedCluster ? `in cluster ${pinnedCluster}` : '',
    pinnedVpc ? `in VPC ${pinnedVpc}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return `${label(
    serviceImport,
  )} looks for target groups of export ${namespace}/${exportName}${
    narrowing ? ` ${narrowing}` : ''
  }, and VPC Lattice has none. The controller needs the ServiceImport in the same namespace as the exported Service.`;
}

function unresolvedAction(serviceImport: ServiceImportStatus): string {
  if (serviceImport.mode === 'target-group-arn') {
    return `Correct the ${LATTICE_ANNOTATIONS.targetGroupArn} annotation, or share the target group with this account through AWS RAM.`;
  }
  const where = serviceImport.pinnedCluster
    ? `in cluster ${serviceImport.pinnedCluster}`
    : 'in a workload cluster';
  return `Export the Service ${where} (Export on this page), or correct the import: ${LATTICE_ANNOTATIONS.exportName} must be the ServiceExport's name and ${LATTICE_ANNOTATIONS.awsEksClusterName} a cluster that exports it.`;
}

export function importFindings(
  imports: readonly ServiceImportStatus[],
): Finding[] {
  return imports.flatMap(serviceImport => {
    const refs = [
      kubeRef(
        KINDS.latticeServiceImport,
        serviceImport.cluster,
        serviceImport.namespace,
        serviceImport.name,
      ),
    ];
    const used = serviceImport.usedBy.length > 0;
    const cluster = serviceImport.cluster;
    const findings: Finding[] = [];
    if (serviceImport.resolution === 'conflicting-annotations') {
      findings.push({
        id: 'import-conflicting-annotations',
        cluster,
        severity: 'error',
        title: 'ServiceImport has conflicting annotations',
        detail: `${label(serviceImport)} sets ${
          LATTICE_ANNOTATIONS.targetGroupArn
        } together with ${LATTICE_ANNOTATIONS.exportName}, ${
          LATTICE_ANNOTATIONS.awsEksClusterName
        } or ${
          LATTICE_ANNOTATIONS.awsVpc
        }. The controller refuses it (ResolvedRefs=False, ConflictingServiceImportAnnotations).`,
        action: `Keep either ${LATTICE_ANNOTATIONS.targetGroupArn} alone, or the export-name annotations without it.`,
        objectRefs: refs,
      });
    }
    if (serviceImport.resolution === 'unresolved') {
      findings.push({
        id: 'import-unresolved',
        cluster,
        severity: used ? 'error' : 'warning',
        title: 'ServiceImport resolves to no target group',
        detail: `${unresolvedDetail(serviceImport)}${
          used
            ? ` Routes using it (${routesUsing(
                serviceImport,
              )}) report BackendNotFound and cannot send its share of traffic anywhere.`
            : ''
        }`,
        action: unresolvedAction(serviceImport),
        objectRefs: refs,
      });
    }
    const exportingClusters = serviceImport.exportingClusters ?? [];
    if (exportingClusters.length > 1) {
      findings.push({
        id: 'import-unpinned-multiple-clusters',
        cluster,
        severity: 'warning',
        title: 'Import reaches only one of several exporting clusters',
        detail: `${label(
          serviceImport,
        )} is not pinned to a cluster, and ${exportingClusters.join(
          ', ',
        )} export ${serviceImport.namespace}/${
          serviceImport.exportName
        }. The controller resolves an import to the first matching target group, so all its traffic goes to one cluster instead of being spread (controller issue #777).`,
        action: `Use one ServiceImport per cluster, each annotated ${LATTICE_ANNOTATIONS.exportName}: ${serviceImport.exportName} and ${LATTICE_ANNOTATIONS.awsEksClusterName}: <cluster>, and list them as weighted backendRefs of one route rule. Request route on this page generates exactly that.`,
        objectRefs: refs,
      });
    }
    if (!used && serviceImport.resolution === 'resolved') {
      findings.push({
        id: 'import-unused',
        cluster,
        severity: 'info',
        title: 'ServiceImport not used by any route',
        detail: `${label(
          serviceImport,
        )} resolves, but no route (HTTPRoute, GRPCRoute or TLSRoute) references it, so it carries no traffic.`,
        action:
          'Reference it from a route backendRef (kind: ServiceImport), request a route on this page, or delete it if it is left over.',
        objectRefs: refs,
      });
    }
    return findings;
  });
}
