/*
 * Watches what the platform team's fleet page says about each source (a
 * cluster, or Lattice) on every replica, four times a second, so the report
 * can tell when a fault was flagged and when the source recovered.
 */
import type { UserClient } from './client';

interface Sample {
  at: number;
  replica: number;
  /** Source name to whether it was reported synced. */
  synced: Record<string, boolean>;
}

export class FleetMonitor {
  private readonly samples: Sample[] = [];

  constructor(private readonly clients: UserClient[], private readonly now: () => number) {}

  async run(done: () => boolean): Promise<void> {
    await Promise.all(
      this.clients.map(async (client, replica) => {
        while (!done()) {
          const answer = await client.call('GET', '/fleet');
          if (answer.status === 200) {
            const synced: Record<string, boolean> = { lattice: answer.body.lattice.sync.state === 'synced' };
            for (const cluster of answer.body.clusters) synced[cluster.name] = cluster.sync.state === 'synced';
            this.samples.push({ at: this.now(), replica, synced });
          }
          await new Promise(resolve => setTimeout(resolve, 250));
        }
      }),
    );
  }

  /**
   * When every replica that answered reported one of `sources` as not synced,
   * from `from` on (ms since the start of the run); undefined if none did before `until`.
   */
  flaggedAt(sources: readonly string[], from: number, until: number): number | undefined {
    return this.firstTime(from, until, states => sources.some(source => states.every(synced => !synced[source])));
  }

  /** When every replica reported all of `sources` synced again, from `from` on. */
  recoveredAt(sources: readonly string[], from: number, until: number): number | undefined {
    return this.firstTime(from, until, states => sources.every(source => states.every(synced => synced[source])));
  }

  /** The first time both replicas' latest samples (taken after `from`) meet `check`. */
  private firstTime(from: number, until: number, check: (states: Array<Record<string, boolean>>) => boolean) {
    const latest = new Map<number, Record<string, boolean>>();
    for (const sample of this.samples) {
      if (sample.at < from) continue;
      if (sample.at > until) return undefined;
      latest.set(sample.replica, sample.synced);
      if (latest.size === this.clients.length && check([...latest.values()])) return sample.at;
    }
    return undefined;
  }
}
