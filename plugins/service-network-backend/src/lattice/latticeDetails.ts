/*
 * The detail reads of the Lattice inventory: tags of target groups (once
 * each, they never change), the targets of export target groups (all pages
 * or none), and why a failed service or target group failed. Each takes
 * its calls from an allowance and stops when it is spent; the poller
 * decides what to read when.
 */
import {
  GetServiceCommand,
  GetTargetGroupCommand,
  ListTagsForResourceCommand,
  paginateListTargets,
  VPCLatticeClient,
} from '@aws-sdk/client-vpc-lattice';
import type { LatticeTarget } from '../inventory/snapshot';
import type { Allowance } from './callBudget';
import {
  needsFailureDetails,
  toTarget,
  withServiceDetails,
  withTags,
  withTargetGroupDetails,
  withTargets,
} from './fromSdk';
import type { LatticeStore, TrackedTargetGroup } from './latticeStore';

export const PAGE_SIZE = 100;

/** Runs `work` over items with limited concurrency until it answers false or throws. */
async function eachLimited<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<boolean>,
): Promise<void> {
  let next = 0;
  let stopped = false;
  const worker = async () => {
    while (!stopped && next < items.length) {
      const item = items[next++];
      try {
        if (!(await work(item))) stopped = true;
      } catch (error) {
        stopped = true;
        throw error;
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, worker),
  );
}

/**
 * Epoch milliseconds with sub-millisecond precision: a cycle that starts in
 * the millisecond a target listing of the previous one ended must still
 * count that listing as older.
 */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

function isNotFound(error: unknown): boolean {
  return (error as Error)?.name === 'ResourceNotFoundException';
}

/** Targets first for groups never listed, then not ACTIVE, then listed longest ago. */
function targetPriority(a: TrackedTargetGroup, b: TrackedTargetGroup): number {
  const rank = (group: TrackedTargetGroup) => {
    if (group.targetsListedAt === undefined) return 0;
    return group.targetGroup.status === 'ACTIVE' ? 2 : 1;
  };
  return (
    rank(a) - rank(b) || (a.targetsListedAt ?? 0) - (b.targetsListedAt ?? 0)
  );
}

export class LatticeDetailReader {
  constructor(
    private readonly client: VPCLatticeClient,
    private readonly store: LatticeStore,
    /** Calls in flight at once, unless a read says otherwise. */
    private readonly concurrency: number,
  ) {}

  /** Tags never change, so each target group is asked once; answers how many of `groups` remain untagged. */
  async tagTargetGroups(
    allowance: Allowance,
    groups: readonly TrackedTargetGroup[],
    concurrency = this.concurrency,
  ): Promise<number> {
    const { client } = this;
    await eachLimited(groups, concurrency, async group => {
      // Read meanwhile, e.g. by the other of a refresh and a page's ask.
      if (!this.stillUntagged(group)) return true;
      if (!allowance.take()) return false;
      const arn = group.targetGroup.arn;
      try {
        const { tags } = await client.send(
          new ListTagsForResourceCommand({ resourceArn: arn }),
        );
        this.store.update(this.store.targetGroups, arn, tracked =>
          withTags(tracked, tags ?? {}),
        );
      } catch (error) {
        if (!isNotFound(error)) throw error;
        this.store.targetGroups.delete(arn);
      }
      return true;
    });
    return groups.filter(group => this.stillUntagged(group)).length;
  }

  /** Whether the store still holds the group, untagged: `group` may be a copy from before a call. */
  private stillUntagged(group: TrackedTargetGroup): boolean {
    return this.store.targetGroups.get(group.targetGroup.arn)?.tagged === false;
  }

  /** Whether the store still holds the group, its targets not listed since `listedSince`. */
  private targetsUnlisted(
    group: TrackedTargetGroup,
    listedSince: number,
  ): boolean {
    const current = this.store.targetGroups.get(group.targetGroup.arn);
    return (
      current !== undefined &&
      (current.targetsListedAt ?? -Infinity) < listedSince
    );
  }

  /** Answers whether every failed service and target group has its failure details. */
  async readFailureDetails(allowance: Allowance): Promise<boolean> {
    const { client } = this;
    const store = this.store;
    const work = [
      ...[...store.services.values()]
        .filter(needsFailureDetails)
        .map(service => async () => {
          const details = await client.send(
            new GetServiceCommand({ serviceIdentifier: service.arn }),
          );
          store.update(store.services, service.arn, tracked =>
            withServiceDetails(tracked, details),
          );
        }),
      ...[...store.targetGroups.values()]
        .filter(needsFailureDetails)
        .map(group => async () => {
          const arn = group.targetGroup.arn;
          const details = await client.send(
            new GetTargetGroupCommand({ targetGroupIdentifier: arn }),
          );
          store.update(store.targetGroups, arn, tracked =>
            withTargetGroupDetails(tracked, details),
          );
        }),
    ];
    let done = 0;
    await eachLimited(work, this.concurrency, async read => {
      if (!allowance.take()) return false;
      try {
        await read();
      } catch (error) {
        // Deleted meanwhile: the next sweep drops it.
        if (!isNotFound(error)) throw error;
      }
      done += 1;
      return true;
    });
    return done === work.length;
  }

  /**
   * Lists the targets of those of `groups` not listed since `listedSince`,
   * all pages or none (a partial list would misstate health). Answers how
   * many remain.
   */
  async listTargets(
    allowance: Allowance,
    groups: readonly TrackedTargetGroup[],
    listedSince: number,
    concurrency = this.concurrency,
  ): Promise<number> {
    const { client } = this;
    const unlisted = () =>
      groups.filter(group => this.targetsUnlisted(group, listedSince));
    await eachLimited(
      unlisted().sort(targetPriority),
      concurrency,
      async group => {
        const arn = group.targetGroup.arn;
        // Listed meanwhile, or gone.
        if (!this.targetsUnlisted(group, listedSince)) return true;
        if (!allowance.take()) return false;
        const targets: LatticeTarget[] = [];
        try {
          for await (const page of paginateListTargets(
            { client, pageSize: PAGE_SIZE },
            { targetGroupIdentifier: arn },
          )) {
            targets.push(...(page.items ?? []).map(toTarget));
            if (page.nextToken && !allowance.take()) return false;
          }
        } catch (error) {
          if (!isNotFound(error)) throw error;
          this.store.targetGroups.delete(arn);
          return true;
        }
        this.store.update(this.store.targetGroups, arn, tracked =>
          withTargets(tracked, targets, preciseNow()),
        );
        return true;
      },
    );
    return unlisted().length;
  }
}
