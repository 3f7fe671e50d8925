/*
 * Retry delays that double up to a cap, with jitter so that many sources
 * failing together (a cluster coming back) do not retry in lockstep.
 */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

export class Backoff {
  private attempts = 0;

  constructor(
    private readonly options: BackoffOptions,
    private readonly random: () => number = Math.random,
  ) {}

  /** Half the doubled delay is fixed, half random. */
  next(): number {
    const ceiling = Math.min(
      this.options.maxMs,
      this.options.initialMs * 2 ** Math.min(this.attempts, 30),
    );
    this.attempts += 1;
    return ceiling / 2 + (this.random() * ceiling) / 2;
  }

  reset(): void {
    this.attempts = 0;
  }
}
