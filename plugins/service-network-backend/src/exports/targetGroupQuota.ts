/*
 * VPC Lattice limits target groups per account and region (500 by default);
 * the controller creates one per exported port and cluster, and simply
 * fails once the quota is used up. Exports warn before that happens.
 */
import type { SyncState } from '@service-network/backstage-plugin-service-network-common';

export interface TargetGroupQuota {
  /** Target groups the account may have in the region. */
  limit: number;
  /** Target groups the Lattice inventory knows of, whoever created them. */
  inUse: number;
  region: string;
}

/** Warn from this share of the quota on. */
const WARN_AT = 0.9;
const INCREASE =
  'ask for a higher "Target groups per Region" quota in Service Quotas';

export function targetGroupQuotaWarning(
  quota: TargetGroupQuota,
  added: number,
  latticeSync: SyncState,
): string | undefined {
  if (added === 0) return undefined;
  if (latticeSync.state === 'pending') {
    return 'The VPC Lattice target-group quota was not checked: the Lattice inventory has not loaded yet';
  }
  const total = quota.inUse + added;
  const groups = `${added} new VPC Lattice target group${added === 1 ? '' : 's'}`;
  if (total > quota.limit) {
    return `This export needs ${groups}; with ${quota.inUse} in use in ${quota.region} that exceeds the quota of ${quota.limit}, so the controller will fail to create some: ${INCREASE} first`;
  }
  if (total >= WARN_AT * quota.limit) {
    const share = Math.round((100 * total) / quota.limit);
    return `This export needs ${groups}, bringing ${quota.region} to ${total} of the quota of ${quota.limit} (${share}%): ${INCREASE} before it runs out`;
  }
  return undefined;
}
