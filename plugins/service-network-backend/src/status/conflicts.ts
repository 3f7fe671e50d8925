/*
 * Differences between the exporting clusters' copies of the Service that
 * break traffic spread over them: Lattice sends each cluster's share to the
 * port and protocol that cluster exported.
 */
import type {
  ClusterConflict,
  WorkloadClusterStatus,
} from '@service-network/backstage-plugin-service-network-common';

type Describe = (cluster: WorkloadClusterStatus) => string | undefined;

const DESCRIBE: Record<ClusterConflict['kind'], Describe> = {
  ports: cluster =>
    cluster.service?.ports
      .map(port => `${port.port}/${port.protocol}`)
      .sort()
      .join(', ') || undefined,
  type: cluster => cluster.service?.type,
  'exported-ports': cluster => {
    const serviceExport = cluster.export;
    if (!serviceExport?.federated) {
      return undefined;
    }
    return serviceExport.legacyMode
      ? 'legacy (port 80)'
      : serviceExport.exportedPorts
          .map(port => `${port.port}/${port.routeType}`)
          .sort()
          .join(', ');
  },
};

function isExporting(cluster: WorkloadClusterStatus): boolean {
  return Boolean(
    cluster.service && cluster.providers.some(provider => provider.exported),
  );
}

export function findConflicts(
  clusters: readonly WorkloadClusterStatus[],
): ClusterConflict[] {
  const exporting = clusters.filter(isExporting);
  return (Object.keys(DESCRIBE) as Array<ClusterConflict['kind']>).flatMap(
    kind => {
      const values = exporting.flatMap(cluster => {
        const value = DESCRIBE[kind](cluster);
        return value === undefined ? [] : [{ cluster: cluster.cluster, value }];
      });
      const distinct = new Set(values.map(entry => entry.value));
      return distinct.size > 1 ? [{ kind, values }] : [];
    },
  );
}
