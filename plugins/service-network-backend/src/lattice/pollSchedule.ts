/*
 * When the Lattice poller calls AWS next. Pure, so the throttling
 * behaviour can be tested without waiting for it.
 *
 * Throttled, the poller waits what AWS says (Retry-After) or a doubling,
 * jittered backoff, whichever is longer, but the backoff never grows past
 * the poll interval: an attempt while AWS still throttles costs a call or
 * two (the first 429 ends the refresh), so waiting longer than a normal
 * poll spares AWS nothing, and only delays the recovery once throttling
 * ends (the inventory must be in sync again within seconds, not minutes).
 * The next attempt comes when the wait is over, not at the interval tick
 * after it.
 */
import { backoffDelay, BackoffOptions } from '../inventory/backoff';

/** The first wait after a throttled refresh, unless the interval is shorter. */
const FIRST_THROTTLE_WAIT_MS = 2_000;

/** The throttle backoff for a poll interval: from 1 to 2 s, doubling up to the interval. */
export function throttleBackoffFor(intervalMs: number): BackoffOptions {
  return {
    initialMs: Math.min(FIRST_THROTTLE_WAIT_MS, intervalMs),
    maxMs: intervalMs,
  };
}

/**
 * How long to wait after throttled refresh number `attempt` (0 for the
 * first since the last success); `random` in [0, 1).
 */
export function throttleWaitMs(options: {
  attempt: number;
  retryAfterMs: number;
  backoff: BackoffOptions;
  random: number;
}): number {
  return Math.max(
    options.retryAfterMs,
    backoffDelay(options.attempt, options.backoff, options.random),
  );
}

/** How long after a refresh ended the next one starts. */
export function nextRefreshDelayMs(options: {
  now: number;
  intervalMs: number;
  /** The refresh handed over unfinished: continue at once. */
  outOfTime: boolean;
  /**
   * The end (epoch ms) of a throttle wait that no refresh has followed yet;
   * 0 when none. A timer can fire a millisecond before the clock reaches
   * the end, and the refresh then skips: a wait that ended since still
   * calls for the attempt at once, not an interval later.
   */
  backoffUntil: number;
}): number {
  if (options.backoffUntil > 0) {
    return Math.max(0, options.backoffUntil - options.now);
  }
  return options.outOfTime ? 0 : options.intervalMs;
}
