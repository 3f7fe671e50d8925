/*
 * Findings about the Service differing between the clusters that export it.
 */
import type {
  ClusterConflict,
  Finding,
  ServiceRef,
} from '@service-network/backstage-plugin-service-network-common';

const WHAT: Record<
  ClusterConflict['kind'],
  { title: string; why: string; action: string }
> = {
  ports: {
    title: 'Service ports differ between clusters',
    why: 'Traffic spread across the clusters lands on different ports and protocols depending on the cluster',
    action:
      'Give the Service the same ports (number and protocol) in every cluster that exports it.',
  },
  type: {
    title: 'Service type differs between clusters',
    why: 'The clusters expose the Service differently',
    action: 'Use the same Service type in every cluster that exports it.',
  },
  'exported-ports': {
    title: 'Exported ports differ between clusters',
    why: 'Each cluster gets target groups for different ports, so a route rule spread across the clusters reaches different ports',
    action:
      'Export the same ports (spec.exportedPorts) in every cluster; Export on this page writes the same ServiceExport everywhere.',
  },
};

export function conflictFindings(
  conflicts: readonly ClusterConflict[],
  service: ServiceRef,
): Finding[] {
  return conflicts.map(conflict => {
    const what = WHAT[conflict.kind];
    const values = conflict.values
      .map(entry => `${entry.cluster}: ${entry.value}`)
      .join('; ');
    return {
      id: 'cross-cluster-conflict',
      severity: 'warning',
      title: what.title,
      detail: `${service.namespace}/${service.name} is not the same everywhere (${values}). ${what.why}.`,
      action: what.action,
    };
  });
}
