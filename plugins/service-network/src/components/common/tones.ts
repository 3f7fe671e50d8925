/*
 * One palette for every state the backend reports, so a colour means the
 * same thing on the card, in the tables and in the topology.
 */
import {
  ClusterExportState,
  ImportResolution,
  LatticeResourceStatus,
  OverallState,
  RouteState,
  StatusCondition,
  SyncStateName,
  TargetStatus,
} from '@service-network/backstage-plugin-service-network-common';

/**
 * `ok` works, `warning` works with problems, `error` is broken, `pending`
 * is on its way, `neutral` is neither good nor bad (not exported, unused, unknown).
 */
export type Tone = 'ok' | 'warning' | 'error' | 'pending' | 'neutral';

/** How bad a tone is, for picking the worst. */
const TONE_RANK: Record<Tone, number> = {
  error: 0,
  warning: 1,
  pending: 2,
  neutral: 3,
  ok: 4,
};

export const OVERALL_TONE: Record<OverallState, Tone> = {
  healthy: 'ok',
  degraded: 'warning',
  failing: 'error',
  pending: 'pending',
  unused: 'neutral',
  'not-exported': 'neutral',
  unknown: 'neutral',
};

export const CLUSTER_STATE_TONE: Record<ClusterExportState, Tone> = {
  healthy: 'ok',
  degraded: 'warning',
  unhealthy: 'error',
  failed: 'error',
  ignored: 'error',
  pending: 'pending',
  deleting: 'pending',
  unused: 'neutral',
  'not-exported': 'neutral',
  unknown: 'neutral',
};

export const SYNC_TONE: Record<SyncStateName, Tone> = {
  synced: 'ok',
  stale: 'warning',
  unreachable: 'error',
  pending: 'pending',
};

export const ROUTE_STATE_TONE: Record<RouteState, Tone> = {
  accepted: 'ok',
  'not-accepted': 'error',
  'unresolved-refs': 'error',
  pending: 'pending',
};

export const IMPORT_RESOLUTION_TONE: Record<ImportResolution, Tone> = {
  resolved: 'ok',
  ambiguous: 'warning',
  unresolved: 'error',
  'conflicting-annotations': 'error',
  unknown: 'neutral',
};

export const LATTICE_STATUS_TONE: Record<LatticeResourceStatus, Tone> = {
  ACTIVE: 'ok',
  CREATE_IN_PROGRESS: 'pending',
  DELETE_IN_PROGRESS: 'pending',
  CREATE_FAILED: 'error',
  DELETE_FAILED: 'error',
};

export const TARGET_STATUS_TONE: Record<TargetStatus, Tone> = {
  HEALTHY: 'ok',
  UNHEALTHY: 'error',
  UNAVAILABLE: 'error',
  DRAINING: 'pending',
  INITIAL: 'pending',
  UNUSED: 'neutral',
};

/**
 * A condition whose `True` is good (Accepted, ResolvedRefs, Programmed,
 * Valid, Ready). `Conflict` is the one condition where True is bad.
 */
export function conditionTone(
  condition: Pick<StatusCondition, 'type' | 'status'> | undefined,
): Tone {
  if (!condition || condition.status === 'Unknown') {
    return 'pending';
  }
  const good = condition.type === 'Conflict' ? 'False' : 'True';
  return condition.status === good ? 'ok' : 'error';
}

/** The worst of several tones; `ok` when there are none. */
export function worstTone(tones: readonly Tone[]): Tone {
  return tones.reduce<Tone>(
    (worst, tone) => (TONE_RANK[tone] < TONE_RANK[worst] ? tone : worst),
    'ok',
  );
}

/** A state name as words: `not-exported` reads "not exported". */
export function stateWords(state: string): string {
  return state.replace(/-/g, ' ');
}
