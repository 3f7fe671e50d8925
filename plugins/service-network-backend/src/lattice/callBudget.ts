/*
 * The Lattice call budget: at most `perMinute` calls in any 60-second
 * window, shared by every operation of the inventory.
 */
const WINDOW_MS = 60_000;

export class CallBudget {
  private readonly calls: number[] = [];

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Calls that can be made right now. */
  available(): number {
    this.forget();
    return this.perMinute - this.calls.length;
  }

  /** Spends one call, if the budget allows it. */
  tryTake(): boolean {
    this.forget();
    if (this.calls.length >= this.perMinute) return false;
    this.calls.push(this.now());
    return true;
  }

  private forget(): void {
    const since = this.now() - WINDOW_MS;
    while (this.calls.length > 0 && this.calls[0] <= since) this.calls.shift();
  }
}

/** A share of the budget for one part of a refresh, until a deadline (epoch ms) if given. */
export class Allowance {
  private used = 0;

  constructor(
    private readonly budget: CallBudget,
    private readonly limit: number = Infinity,
    private readonly deadline: number = Infinity,
  ) {}

  take(): boolean {
    if (
      this.used >= this.limit ||
      Date.now() >= this.deadline ||
      !this.budget.tryTake()
    ) {
      return false;
    }
    this.used += 1;
    return true;
  }
}
