/*
 * All findings about one workload cluster, in the order a user would fix
 * them: the data, the export, the MCS export, then Lattice.
 */
import type {
  Finding,
  ServiceRef,
  WorkloadClusterStatus,
} from '@service-network/backstage-plugin-service-network-common';
import { exportFindings } from './exports';
import { mcsFindings } from './mcs';
import { holdsData } from '../sync';
import { syncFindings } from './sync';
import { targetFindings } from './targets';

export interface ClusterFindingsInput {
  cluster: WorkloadClusterStatus;
  service: ServiceRef;
  /** Whether any route reaches any cluster's export of this Service. */
  routed: boolean;
  now: Date;
}

export function clusterFindings(input: ClusterFindingsInput): Finding[] {
  const { cluster, service, routed, now } = input;
  const hasData = holdsData(cluster);
  const sync = syncFindings(
    { cluster: cluster.cluster },
    cluster.sync,
    hasData,
    now,
  );
  if (!hasData) {
    return sync;
  }
  const serviceExport = cluster.export;
  const onLattice =
    serviceExport?.federated &&
    serviceExport.pickedUp &&
    !serviceExport.deleting &&
    cluster.service !== undefined;
  return [
    ...sync,
    ...exportFindings({ cluster, service, now }),
    ...mcsFindings(cluster, service),
    ...(onLattice ? targetFindings({ cluster, service, routed }) : []),
  ];
}
