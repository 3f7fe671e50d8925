import {
  throttleBackoffFor,
  nextRefreshDelayMs,
  throttleWaitMs,
} from './pollSchedule';

describe('throttleWaitMs', () => {
  const backoff = throttleBackoffFor(5_000);

  it('doubles from 1 to 2 s up to the poll interval, jittered in the upper half', () => {
    const lowest = [0, 1, 2, 3, 10, 50].map(attempt =>
      throttleWaitMs({ attempt, retryAfterMs: 0, backoff, random: 0 }),
    );
    const highest = [0, 1, 2, 3, 10, 50].map(attempt =>
      throttleWaitMs({ attempt, retryAfterMs: 0, backoff, random: 0.999999 }),
    );
    expect(lowest).toEqual([1_000, 2_000, 2_500, 2_500, 2_500, 2_500]);
    expect(highest.map(Math.round)).toEqual([
      2_000, 4_000, 5_000, 5_000, 5_000, 5_000,
    ]);
  });

  it('never waits longer than the interval after any number of throttled refreshes, unless AWS says so', () => {
    for (const intervalMs of [1_000, 5_000, 30_000, 300_000]) {
      for (let attempt = 0; attempt < 40; attempt++) {
        expect(
          throttleWaitMs({
            attempt,
            retryAfterMs: 1_000,
            backoff: throttleBackoffFor(intervalMs),
            random: 0.999999,
          }),
        ).toBeLessThanOrEqual(Math.max(intervalMs, 1_000));
      }
    }
  });

  it('waits at least the Retry-After AWS sent', () => {
    expect(
      throttleWaitMs({
        attempt: 0,
        retryAfterMs: 30_000,
        backoff,
        random: 0.5,
      }),
    ).toBe(30_000);
    expect(
      throttleWaitMs({ attempt: 0, retryAfterMs: 1_000, backoff, random: 0.5 }),
    ).toBe(1_500);
  });

  it('starts with the interval itself when the interval is shorter than the first wait', () => {
    expect(throttleBackoffFor(500)).toEqual({ initialMs: 500, maxMs: 500 });
  });
});

describe('nextRefreshDelayMs', () => {
  const now = 1_000_000;

  it('starts the next refresh when a throttle wait ends, not at the interval tick after it', () => {
    expect(
      nextRefreshDelayMs({
        now,
        intervalMs: 5_000,
        outOfTime: false,
        backoffUntil: now + 1_234,
      }),
    ).toBe(1_234);
    expect(
      nextRefreshDelayMs({
        now,
        intervalMs: 5_000,
        outOfTime: true,
        backoffUntil: now + 7_000,
      }),
    ).toBe(7_000);
  });

  it('waits an interval after a refresh, and nothing after one that ran out of time', () => {
    expect(
      nextRefreshDelayMs({
        now,
        intervalMs: 5_000,
        outOfTime: false,
        backoffUntil: 0,
      }),
    ).toBe(5_000);
    expect(
      nextRefreshDelayMs({
        now,
        intervalMs: 5_000,
        outOfTime: true,
        backoffUntil: 0,
      }),
    ).toBe(0);
  });

  it('tries at once when the wait ended before the skipped refresh saw it end', () => {
    // The timer fired a millisecond early, so the refresh skipped; by now the wait is over.
    expect(
      nextRefreshDelayMs({
        now,
        intervalMs: 60_000,
        outOfTime: false,
        backoffUntil: now - 1,
      }),
    ).toBe(0);
  });
});
