/*
 * Explaining for the AWS Gateway API Controller: the export's mistakes and
 * failures, then, once the export is on VPC Lattice, its target groups and
 * targets.
 */
import type { ProviderExplainer } from '../types';
import { exportFindings } from './exportFindings';
import { targetFindings } from './targetFindings';

export const awsExplainer: ProviderExplainer = {
  explain({ cluster: status, entry, service, routed, now }) {
    // Judged by this provider's verdict, whichever provider the cluster's own state comes from.
    const cluster = {
      ...status,
      state: entry.state,
      stateReason: entry.stateReason,
    };
    const serviceExport = cluster.export;
    const onLattice =
      serviceExport?.federated &&
      serviceExport.pickedUp &&
      !serviceExport.deleting &&
      cluster.service !== undefined;
    return [
      ...exportFindings({ cluster, entry, service, now }),
      ...(onLattice ? targetFindings({ cluster, service, routed }) : []),
    ];
  },
};
