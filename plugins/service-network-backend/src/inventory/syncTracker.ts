/*
 * The sync state of one source (a kind in a cluster, or Lattice): pending
 * until its first success, then synced, or stale / unreachable with the
 * reason, always with the time data was last known to be current.
 */
import type { SyncState } from '@service-network/backstage-plugin-service-network-common';
import { aged } from '../status/sync';

export class SyncTracker {
  private state: SyncState['state'] = 'pending';
  private reason?: string;
  private lastSuccess?: number;
  /**
   * The state as reported, built on first read after a change. Every page
   * view reads every source of every cluster, several times over, while
   * successes (each watch event and bookmark) are far rarer than reads.
   */
  private reported?: SyncState;

  /**
   * A source is reported stale when its last success is older than this;
   * a function when the allowance depends on the source (how long a full
   * read of it takes).
   */
  constructor(private readonly staleAfter: number | (() => number)) {}

  /** Answers whether the state changed (not only the time of the last success). */
  succeeded(at: number = Date.now()): boolean {
    const changed = this.state !== 'synced';
    this.state = 'synced';
    this.reason = undefined;
    this.lastSuccess = at;
    this.reported = undefined;
    return changed;
  }

  /** Answers whether the state or the reason changed. */
  failed(state: 'stale' | 'unreachable', reason: string): boolean {
    const changed = this.state !== state || this.reason !== reason;
    this.state = state;
    this.reason = reason;
    this.reported = undefined;
    return changed;
  }

  current(now: number = Date.now()): SyncState {
    this.reported ??= {
      state: this.state,
      ...(this.reason ? { reason: this.reason } : {}),
      ...(this.lastSuccess !== undefined
        ? { lastSuccess: new Date(this.lastSuccess).toISOString() }
        : {}),
    };
    const staleAfterMs =
      typeof this.staleAfter === 'number' ? this.staleAfter : this.staleAfter();
    const fresh =
      this.state !== 'synced' ||
      this.lastSuccess === undefined ||
      now - this.lastSuccess <= staleAfterMs;
    return fresh
      ? this.reported
      : aged(this.reported, { now: new Date(now), staleAfterMs });
  }
}
