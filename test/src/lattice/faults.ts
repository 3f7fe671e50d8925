/*
 * Faults the simulated Lattice API can be told to show: slow answers,
 * throttling, internal errors, and going away altogether. Set in process
 * (properties, also through Object.assign) or through the fleet's admin endpoint.
 */

export interface LatticeFaultSettings {
  /** Added before every answer. A change also applies to requests already waiting. */
  latencyMs: number;
  /** Fraction (0..1) of requests answered 429 ThrottlingException. */
  throttleRate: number;
  /** Fraction (0..1) of requests answered 500 InternalServerException. */
  errorRate: number;
  /** Connections are destroyed without an answer, as if the endpoint were unreachable. */
  unreachable: boolean;
  /** The Retry-After a throttled answer carries; the SDK waits at least this long before retrying. */
  retryAfterSeconds: number;
}

const DEFAULTS: LatticeFaultSettings = {
  latencyMs: 0,
  throttleRate: 0,
  errorRate: 0,
  unreachable: false,
  retryAfterSeconds: 1,
};

interface Waiter {
  since: number;
  timer?: NodeJS.Timeout;
  resolve(): void;
}

export class LatticeFaults implements LatticeFaultSettings {
  private settings: LatticeFaultSettings = { ...DEFAULTS };
  private readonly waiters = new Set<Waiter>();

  /** `random` decides which requests a rate hits; tests pass a fixed sequence. */
  constructor(private readonly random: () => number = Math.random) {}

  get latencyMs(): number {
    return this.settings.latencyMs;
  }

  set latencyMs(value: number) {
    this.settings.latencyMs = nonNegative('latencyMs', value);
    for (const waiter of this.waiters) this.schedule(waiter);
  }

  get throttleRate(): number {
    return this.settings.throttleRate;
  }

  set throttleRate(value: number) {
    this.settings.throttleRate = fraction('throttleRate', value);
  }

  get errorRate(): number {
    return this.settings.errorRate;
  }

  set errorRate(value: number) {
    this.settings.errorRate = fraction('errorRate', value);
  }

  get unreachable(): boolean {
    return this.settings.unreachable;
  }

  set unreachable(value: boolean) {
    if (typeof value !== 'boolean') throw new TypeError('unreachable must be a boolean');
    this.settings.unreachable = value;
  }

  get retryAfterSeconds(): number {
    return this.settings.retryAfterSeconds;
  }

  set retryAfterSeconds(value: number) {
    this.settings.retryAfterSeconds = Math.round(nonNegative('retryAfterSeconds', value));
  }

  snapshot(): LatticeFaultSettings {
    return { ...this.settings };
  }

  reset(): void {
    Object.assign(this, DEFAULTS);
  }

  /** Resolves once the request has waited out the latency. */
  delay(): Promise<void> {
    if (this.settings.latencyMs === 0) return Promise.resolve();
    return new Promise(resolve => this.schedule({ since: Date.now(), resolve }));
  }

  throttles(): boolean {
    return this.random() < this.settings.throttleRate;
  }

  fails(): boolean {
    return this.random() < this.settings.errorRate;
  }

  private schedule(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    const remaining = waiter.since + this.settings.latencyMs - Date.now();
    if (remaining <= 0) {
      this.waiters.delete(waiter);
      waiter.resolve();
      return;
    }
    this.waiters.add(waiter);
    // Unref'd so a server closed mid-wait does not hold the process open.
    waiter.timer = setTimeout(() => this.schedule(waiter), remaining).unref();
  }
}

function nonNegative(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative number`);
  }
  return value;
}

function fraction(name: string, value: number): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new RangeError(`${name} must be between 0 and 1`);
  }
  return value;
}
