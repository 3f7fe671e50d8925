/*
 * How fresh a cluster's (or Lattice's) data is, and whether there is any
 * data to judge by at all.
 */
import type { SyncState } from '@service-network/backstage-plugin-service-network-common';
import type { ClusterInventory, KubeSource } from '../inventory/snapshot';
import { duration, elapsedMs } from './time';

/** A source a cluster's status is read from; without an essential one there is nothing to say. */
export interface FreshnessSource {
  source: KubeSource;
  essential: boolean;
}

/** What the config cluster's part of an entity's status is read from. */
export const CONFIG_SOURCES: readonly FreshnessSource[] = [
  { source: 'serviceimports', essential: true },
  { source: 'httproutes', essential: true },
  { source: 'grpcroutes', essential: true },
  { source: 'tlsroutes', essential: true },
  { source: 'gateways', essential: false },
];

const SEVERITY: Record<SyncState['state'], number> = {
  synced: 0,
  stale: 1,
  pending: 2,
  unreachable: 3,
};

/** What freshness means for one composition: its clock and, optionally, a maximum age. */
export interface Freshness {
  now: Date;
  /** A synced source older than this counts as stale. */
  staleAfterMs?: number;
}

/** The source's state, demoted to stale when its last success is too old. */
export function aged(state: SyncState, freshness: Freshness): SyncState {
  const { now, staleAfterMs } = freshness;
  if (
    state.state !== 'synced' ||
    staleAfterMs === undefined ||
    !state.lastSuccess
  ) {
    return state;
  }
  const age = elapsedMs(state.lastSuccess, now);
  return age > staleAfterMs
    ? {
        state: 'stale',
        reason: `no update for ${duration(age)}`,
        lastSuccess: state.lastSuccess,
      }
    : state;
}

/**
 * Whether a source holds data, current or last known. Stale without a last
 * success is a first read cut short (a Lattice sweep over several
 * refreshes): what it holds is partial, and a missing item proves nothing.
 */
export function hasData(state: SyncState): boolean {
  return state.state === 'synced' || Boolean(state.lastSuccess);
}

/**
 * The worst of several sources: its state and reason, and the oldest last
 * success, which is what the combined data is "as of".
 */
export function worstOf(states: Iterable<SyncState>): SyncState {
  // One pass: every page view runs this for each of its clusters.
  let worst: SyncState | undefined;
  let oldestSuccess: string | undefined;
  for (const state of states) {
    if (!worst || SEVERITY[state.state] > SEVERITY[worst.state]) worst = state;
    const success = state.lastSuccess;
    if (success && (!oldestSuccess || success < oldestSuccess)) {
      oldestSuccess = success;
    }
  }
  if (!worst) {
    return { state: 'synced' };
  }
  return {
    state: worst.state,
    ...(worst.reason ? { reason: worst.reason } : {}),
    ...(oldestSuccess ? { lastSuccess: oldestSuccess } : {}),
  };
}

/** Whether a composed cluster shows data (current or last known) rather than nothing. */
export function holdsData(shown: { sync: SyncState; stale: boolean }): boolean {
  return shown.sync.state === 'synced' || shown.stale;
}

/** A cluster's freshness for the sources its role reads. */
export interface ClusterFreshness {
  sync: SyncState;
  /** Data exists for every essential source. */
  hasData: boolean;
  /** Data exists but is not confirmed current. */
  stale: boolean;
}

export function clusterFreshness(
  inventory: ClusterInventory,
  freshness: Freshness,
  sources: readonly FreshnessSource[] = CONFIG_SOURCES,
): ClusterFreshness {
  // Read once: the inventory builds its states on every read.
  const reported = inventory.sync;
  const present: SyncState[] = [];
  let complete = true;
  for (const { source, essential } of sources) {
    const state = reported[source] && aged(reported[source], freshness);
    if (!state) continue;
    present.push(state);
    if (essential) complete &&= hasData(state);
  }
  const sync = worstOf(present);
  return {
    sync,
    hasData: complete,
    stale: complete && sync.state !== 'synced',
  };
}
