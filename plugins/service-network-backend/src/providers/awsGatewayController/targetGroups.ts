/*
 * A Lattice target group behind an export, with its targets' health
 * counted by status and reason code.
 */
import {
  LATTICE_TAG_KEYS,
  TargetGroupStatus,
  TargetHealthSummary,
  TargetReasonCount,
  TargetStatus,
} from '@service-network/backstage-plugin-service-network-common';
import type {
  LatticeTarget,
  LatticeTargetGroupEntry,
} from '../../inventory/snapshot';
import { targetMeaning } from './targetReasons';

const MAX_LISTED_TARGETS = 25;

export function targetHealth(
  targets: readonly LatticeTarget[] | undefined,
): TargetHealthSummary {
  const byStatus: Partial<Record<TargetStatus, number>> = {};
  const reasons = new Map<string, TargetReasonCount>();
  for (const target of targets ?? []) {
    byStatus[target.status] = (byStatus[target.status] ?? 0) + 1;
    const key = `${target.status}/${target.reasonCode ?? ''}`;
    const entry = reasons.get(key);
    if (entry) {
      entry.count += 1;
    } else {
      reasons.set(key, {
        status: target.status,
        reasonCode: target.reasonCode,
        count: 1,
        meaning: targetMeaning(target.status, target.reasonCode),
      });
    }
  }
  return {
    listed: targets !== undefined,
    total: targets?.length ?? 0,
    byStatus,
    reasons: [...reasons.values()].sort((a, b) => b.count - a.count),
    notHealthy: (targets ?? [])
      .filter(target => target.status !== 'HEALTHY')
      .slice(0, MAX_LISTED_TARGETS)
      .map(({ id, port, status, reasonCode }) => ({
        id,
        port,
        status,
        reasonCode,
      })),
  };
}

export function targetGroupStatus(
  entry: LatticeTargetGroupEntry,
): TargetGroupStatus {
  const group = entry.targetGroup;
  return {
    id: group.id,
    arn: group.arn,
    name: group.name,
    status: group.status,
    port: group.port,
    protocol: group.protocol,
    protocolVersion: group.protocolVersion,
    cluster: group.tags[LATTICE_TAG_KEYS.clusterName],
    failureCode: group.failureCode,
    failureMessage: group.failureMessage,
    targets: targetHealth(entry.targets),
  };
}

/** Target counts summed over several target groups (e.g. one per exported port). */
export function combinedHealth(groups: readonly TargetGroupStatus[]): {
  listed: boolean;
  total: number;
  count: (status: TargetStatus) => number;
} {
  const listed = groups.filter(group => group.targets.listed);
  return {
    listed: listed.length > 0,
    total: listed.reduce((sum, group) => sum + group.targets.total, 0),
    count: status =>
      listed.reduce(
        (sum, group) => sum + (group.targets.byStatus[status] ?? 0),
        0,
      ),
  };
}
