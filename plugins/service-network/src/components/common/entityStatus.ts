/*
 * Readings of an entity's status shared by the card and the tab.
 */
import { EntityServiceNetworkStatus } from '@service-network/backstage-plugin-service-network-common';
import { SyncSubject } from './SyncBanner';

/** Every source the status is computed from: workload clusters, the config cluster, Lattice. */
export function syncSubjectsOf(
  status: EntityServiceNetworkStatus,
): SyncSubject[] {
  return [
    ...status.clusters.map(cluster => ({
      name: cluster.cluster,
      sync: cluster.sync,
    })),
    ...(status.configCluster
      ? [{ name: status.configCluster.name, sync: status.configCluster.sync }]
      : []),
    { name: 'VPC Lattice', sync: status.lattice.sync },
  ];
}

/** Whether no cluster has a ServiceExport for the Service, as far as is known. */
export function isNotExported(status: EntityServiceNetworkStatus): boolean {
  return status.overall === 'not-exported';
}
