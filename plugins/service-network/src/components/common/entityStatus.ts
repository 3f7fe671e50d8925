/*
 * Readings of an entity's status shared by the card and the tab.
 */
import { EntityServiceNetworkStatus } from '@internal/plugin-service-network-common';
import { StatusTitles } from './LoadErrorPanel';
import { SyncSubject } from './SyncBanner';

export const ENTITY_STATUS_WHAT = 'the Service Network status';

/** What the backend's error statuses mean for an entity's status. */
export const ENTITY_STATUS_TITLES: StatusTitles = {
  404: 'This entity is not known to the catalog, or it is hidden from you',
  400: "This entity's annotations do not name a valid Kubernetes Service",
};

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
