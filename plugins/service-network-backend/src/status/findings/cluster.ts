/*
 * All findings about one workload cluster, in the order a user would fix
 * them: the data, then each provider's, in the cluster's order of providers.
 */
import type {
  Finding,
  ServiceRef,
  WorkloadClusterStatus,
} from '@service-network/backstage-plugin-service-network-common';
import { providerOf } from '../../providers/registry';
import { holdsData } from '../sync';
import { syncFindings } from './sync';

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
  return [
    ...sync,
    ...cluster.providers.flatMap(entry =>
      providerOf({ id: entry.provider }).explainer.explain({
        cluster,
        entry,
        service,
        routed,
        now,
      }),
    ),
  ];
}
