/*
 * Retry delays that double up to a cap, with jitter so that many sources
 * failing together (a cluster coming back) do not retry in lockstep.
 */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

/**
 * The wait before retry number `attempt` (0 for the first): half the
 * doubled delay is fixed, half random (`random` in [0, 1)).
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: number,
): number {
  const ceiling = Math.min(
    options.maxMs,
    options.initialMs * 2 ** Math.min(attempt, 30),
  );
  return ceiling / 2 + (random * ceiling) / 2;
}

export class Backoff {
  private attempts = 0;

  constructor(
    private readonly options: BackoffOptions,
    private readonly random: () => number = Math.random,
  ) {}

  next(): number {
    const delay = backoffDelay(this.attempts, this.options, this.random());
    this.attempts += 1;
    return delay;
  }

  reset(): void {
    this.attempts = 0;
  }
}
