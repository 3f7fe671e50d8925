/*
 * Target groups in Lattice: found by their owner tags, created in
 * CREATE_IN_PROGRESS and made ACTIVE on the next pass, filled with the
 * owner's endpoints once ACTIVE (registering earlier is what issue #781 hits),
 * updated in place for health checks and replaced when the protocol changes.
 *
 * Lattice refuses to delete a group a rule still forwards to, so a group that
 * must go while in use is marked DELETE_IN_PROGRESS: routes stop resolving to
 * it, and once no rule forwards to it the owner's next pass deletes it.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  LatticeState,
  Tags,
  TargetGroupConfig,
  TargetGroupRecord,
} from '../lattice/types';
import {
  randomSuffix,
  TargetGroupOwner,
  targetGroupName,
  targetGroupTags,
} from './naming';
import { EndpointTarget, nextTargetStates } from './targets';

/** Not on its way out: routes may resolve to it. */
export function isLive(targetGroup: TargetGroupRecord): boolean {
  return (
    targetGroup.status !== 'DELETE_IN_PROGRESS' &&
    targetGroup.status !== 'DELETE_FAILED'
  );
}

/**
 * Deletes the groups no rule uses and marks the others DELETE_IN_PROGRESS.
 * Returns how many are still waiting for rules to let go.
 */
export function retireTargetGroups(
  lattice: LatticeState,
  targetGroups: TargetGroupRecord[],
): number {
  let waiting = 0;
  for (const tg of targetGroups) {
    if (lattice.serviceArnsOfTargetGroup(tg.id).length === 0) {
      lattice.deleteTargetGroup(tg.id);
    } else {
      waiting += 1;
      if (tg.status !== 'DELETE_IN_PROGRESS')
        lattice.updateTargetGroup(tg.id, { status: 'DELETE_IN_PROGRESS' });
    }
  }
  return waiting;
}

export interface DesiredTargetGroup {
  owner: TargetGroupOwner;
  config: TargetGroupConfig;
  userTags: Tags;
  /** Endpoints to register; undefined when they cannot be worked out (the targets stay as they are). */
  endpoints?: EndpointTarget[];
}

export interface TargetGroupSync {
  targetGroup: TargetGroupRecord;
  /** Something will change on the next pass without any other trigger. */
  settling: boolean;
}

function needsReplacement(
  current: TargetGroupConfig,
  desired: TargetGroupConfig,
): boolean {
  return (
    current.port !== desired.port ||
    current.protocol !== desired.protocol ||
    (current.protocolVersion ?? '') !== (desired.protocolVersion ?? '') ||
    current.ipAddressType !== desired.ipAddressType ||
    current.vpcIdentifier !== desired.vpcIdentifier
  );
}

/** Lattice merges health-check updates, so only the fields we set can differ. */
function healthCheckDiffers(
  current: TargetGroupConfig,
  desired: TargetGroupConfig,
): boolean {
  return Object.entries(desired.healthCheck ?? {}).some(
    ([key, value]) => !isDeepStrictEqual(current.healthCheck?.[key], value),
  );
}

function targetKeys(targets: Array<{ id: string; port: number }>): string[] {
  return targets.map(t => `${t.id}:${t.port}`).sort();
}

/** Lattice lists an unused group's targets as UNUSED; health only progresses once a rule uses the group. */
function syncTargets(
  lattice: LatticeState,
  targetGroup: TargetGroupRecord,
  endpoints: EndpointTarget[],
): boolean {
  const inUse = lattice.serviceArnsOfTargetGroup(targetGroup.id).length > 0;
  const previous = lattice.listTargets(targetGroup.id);
  const next = nextTargetStates(
    previous,
    endpoints,
    targetGroup.config.healthCheck?.enabled !== false,
  );
  const changed = inUse
    ? !isDeepStrictEqual(previous, next)
    : !isDeepStrictEqual(targetKeys(previous), targetKeys(next));
  if (changed) lattice.setTargets(targetGroup.id, next);
  return inUse && next.some(t => t.status === 'INITIAL');
}

export function syncTargetGroup(
  lattice: LatticeState,
  desired: DesiredTargetGroup,
  current: TargetGroupRecord | undefined,
): TargetGroupSync {
  if (current && needsReplacement(current.config, desired.config)) {
    retireTargetGroups(lattice, [current]);
    return syncTargetGroup(lattice, desired, undefined);
  }
  if (!current) {
    const { owner } = desired;
    const targetGroup = lattice.createTargetGroup({
      name: targetGroupName(
        owner.serviceNamespace,
        owner.serviceName,
        randomSuffix(),
      ),
      config: desired.config,
      tags: targetGroupTags(owner, desired.config, desired.userTags),
      status: 'CREATE_IN_PROGRESS',
    });
    return { targetGroup, settling: true };
  }
  let targetGroup = current;
  if (targetGroup.status === 'CREATE_IN_PROGRESS') {
    targetGroup = lattice.updateTargetGroup(targetGroup.id, {
      status: 'ACTIVE',
    });
  }
  if (healthCheckDiffers(targetGroup.config, desired.config)) {
    targetGroup = lattice.updateTargetGroup(targetGroup.id, {
      healthCheck: desired.config.healthCheck,
    });
  }
  const settling = desired.endpoints
    ? syncTargets(lattice, targetGroup, desired.endpoints)
    : false;
  return { targetGroup, settling };
}
