/*
 * A work queue keyed by object, like client-go's: adding a key that is already
 * waiting does nothing, each key waits `delayMs` before its reconcile, and a
 * failed reconcile is retried with exponential backoff.
 */

/** `requeue`: run again after the usual delay; `retry`: it failed and said why, back off. */
export type ReconcileOutcome = 'done' | 'requeue' | 'retry';

export interface WorkQueue {
  add(key: string): void;
  /** Resolves when nothing is waiting or running, apart from failed reconciles backing off. */
  idle(): Promise<void>;
  isIdle(): boolean;
  stop(): void;
}

export interface WorkQueueOptions {
  delayMs: number;
  process(key: string): ReconcileOutcome;
  onError(key: string, error: unknown): void;
}

const MIN_RETRY_MS = 100;
const MAX_RETRY_MS = 30_000;

interface Waiting {
  timer: ReturnType<typeof setTimeout>;
  /** Waiting to retry a failed reconcile rather than to do new work. */
  backingOff: boolean;
}

class DelayingQueue implements WorkQueue {
  private readonly waiting = new Map<string, Waiting>();
  private readonly failures = new Map<string, number>();
  /** Waiting entries that are not backing off. */
  private working = 0;
  private idleWaiters: Array<() => void> = [];
  private stopped = false;

  constructor(private readonly options: WorkQueueOptions) {}

  add(key: string): void {
    // New information cuts a backoff short, as a watch event does in client-go.
    if (this.waiting.get(key)?.backingOff) this.cancel(key);
    this.schedule(key, this.options.delayMs, false);
  }

  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise(resolve => this.idleWaiters.push(resolve));
  }

  isIdle(): boolean {
    return this.working === 0;
  }

  stop(): void {
    this.stopped = true;
    [...this.waiting.keys()].forEach(key => this.cancel(key));
    this.settleIfIdle();
  }

  private cancel(key: string): void {
    clearTimeout(this.waiting.get(key)?.timer);
    this.forget(key);
  }

  private forget(key: string): void {
    const entry = this.waiting.get(key);
    if (entry && !entry.backingOff) this.working -= 1;
    this.waiting.delete(key);
  }

  private schedule(key: string, delayMs: number, backingOff: boolean): void {
    if (this.stopped || this.waiting.has(key)) return;
    const timer = setTimeout(() => this.run(key), delayMs);
    this.waiting.set(key, { timer, backingOff });
    if (!backingOff) this.working += 1;
  }

  private retryDelay(attempt: number): number {
    return Math.min(
      Math.max(this.options.delayMs, MIN_RETRY_MS) * 2 ** (attempt - 1),
      MAX_RETRY_MS,
    );
  }

  private run(key: string): void {
    this.forget(key);
    try {
      const outcome = this.options.process(key);
      if (outcome === 'retry') {
        this.backOff(key);
      } else {
        this.failures.delete(key);
        if (outcome === 'requeue')
          this.schedule(key, this.options.delayMs, false);
      }
    } catch (error) {
      this.options.onError(key, error);
      this.backOff(key);
    }
    this.settleIfIdle();
  }

  private backOff(key: string): void {
    const attempt = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, attempt);
    this.schedule(key, this.retryDelay(attempt), true);
  }

  private settleIfIdle(): void {
    if (!this.isIdle()) return;
    const resolved = this.idleWaiters;
    this.idleWaiters = [];
    resolved.forEach(resolve => resolve());
  }
}

export function createWorkQueue(options: WorkQueueOptions): WorkQueue {
  return new DelayingQueue(options);
}
