/*
 * Refreshes the Lattice inventory on a schedule, within the call budget.
 *
 * A refresh cycle sweeps the list operations (service networks, services,
 * associations, target groups) and reads the details (tags, targets) of
 * the exports someone looked at lately. Only that work holds back the sync
 * state: at fleet scale the details of every target group take two calls
 * each (200,000 for 100,000 target groups), far more than any budget
 * allows per cycle. The rest are read in the background with what the
 * budget and the refresh's time leave, never-read and unhealthy first.
 * Exports asked for between refreshes are read at once (`want`).
 *
 * Listing sweeps resume where the budget cut them off; when details are
 * still missing, listings get at most half the calls, so that detail work
 * is never starved. Details run alongside the sweeps, which are sequential
 * by nature (each page needs the previous page's token).
 *
 * A refresh also hands over after a while (by default one interval), saying
 * how far it got; the next refresh continues at once where it stopped; only
 * a budget cut waits an interval. When AWS throttles, no call is made until
 * the wait pollSchedule gives is over, and the next refresh starts then.
 */
import {
  paginateListServiceNetworks,
  paginateListServiceNetworkServiceAssociations,
  paginateListServices,
  paginateListTargetGroups,
  VPCLatticeClient,
  VPCLatticePaginationConfiguration,
} from '@aws-sdk/client-vpc-lattice';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { AwsCredentialsManager } from '@backstage/integration-aws-node';
import type { LatticeConfig } from '../config/serviceNetworkConfig';
import type { BackoffOptions } from '../inventory/backoff';
import type { LatticeInventory } from '../inventory/snapshot';
import { SyncTracker } from '../inventory/syncTracker';
import { Allowance, CallBudget } from './callBudget';
import {
  toAssociation,
  toService,
  toServiceNetwork,
  toTargetGroup,
} from './fromSdk';
import { LatticeDetailReader, PAGE_SIZE, preciseNow } from './latticeDetails';
import { createLatticeClient } from './latticeClient';
import {
  nextRefreshDelayMs,
  throttleBackoffFor,
  throttleWaitMs,
} from './pollSchedule';
import { LatticeFailure, classifyLatticeError } from './latticeErrors';
import { LatticeStore, SweptCollection } from './latticeStore';

export interface LatticePollerOptions {
  client: VPCLatticeClient;
  callBudgetPerMinute: number;
  intervalMs: number;
  staleAfterMs: number;
  logger: LoggerService;
  /**
   * Tag, detail and target calls in flight at once for exports asked for.
   * Default 2: pages viewed one after another each ask for a hundred calls
   * at fleet scale, and more in flight at once measurably slowed the page
   * views themselves (one thread parses and signs them all).
   */
  concurrency?: number;
  /**
   * The same for every other target group, read in the background once
   * everything was listed. Default 1: a trickle that fills the inventory
   * over time without taking the machine from page views and watches.
   */
  backgroundConcurrency?: number;
  /**
   * Waits after AWS throttled the inventory; a longer Retry-After wins.
   * Default: from 1 to 2 s, doubling up to `intervalMs` (see pollSchedule).
   */
  throttleBackoff?: BackoffOptions;
  /** A refresh stops calling after this long and reports what it did not reach. Default: `intervalMs`. */
  maxRefreshMs?: number;
  /** The call budget's clock. */
  now?: () => number;
}

/** Exports asked for stay first in line this long after the last ask. */
const WANTED_FOR_MS = 10 * 60_000;

export interface ExportRef {
  namespace: string;
  name: string;
}

/** What a pass over target group details left undone. */
interface DetailsLeft {
  /** Target groups of wanted exports not yet tagged or listed. */
  wanted: number;
  /** The others, read in the background. */
  background: number;
  failureDetails: boolean;
}

export class LatticePoller {
  private readonly store: LatticeStore;
  private readonly tracker: SyncTracker;
  private readonly budget: CallBudget;
  private readonly throttleBackoff: BackoffOptions;
  /** Throttled refreshes since the last complete one. */
  private throttledAttempts = 0;
  private readonly details: LatticeDetailReader;
  private readonly backgroundConcurrency: number;
  /** How long the last complete refresh cycle took. */
  private lastCycleMs = 0;
  /** Whether every list operation has been swept completely at least once. */
  private listedOnce = false;
  private readonly listeners = new Set<() => void>();
  /** Exports asked for, by `namespace/name`, with when they were last asked for. */
  private readonly wanted = new Map<string, { ref: ExportRef; at: number }>();
  private running?: Promise<void>;
  private serving?: Promise<void>;
  private wantedMeanwhile = false;
  /** The end of the throttle wait (epoch ms), until a refresh calls AWS again; 0 when none. */
  private backoffUntil = 0;
  private active = false;
  private timer?: NodeJS.Timeout;
  /** Whether the last refresh ran out of time (rather than budget) before it was complete. */
  private outOfTime = false;
  /**
   * When the refresh cycle under way began: refreshes cut short continue it,
   * and it is complete once everything was read since then.
   */
  private cycleStartedAt?: number;

  constructor(private readonly options: LatticePollerOptions) {
    // The data of a cycle is as old as its start, and a cycle over 100,000
    // target groups takes longer than any usual threshold: stale means no
    // cycle ended within the threshold plus the time the last one took.
    this.tracker = new SyncTracker(
      () => options.staleAfterMs + this.lastCycleMs,
    );
    this.store = new LatticeStore(() => this.tracker.current());
    this.budget = new CallBudget(options.callBudgetPerMinute, options.now);
    this.throttleBackoff =
      options.throttleBackoff ?? throttleBackoffFor(options.intervalMs);
    this.details = new LatticeDetailReader(
      options.client,
      this.store,
      options.concurrency ?? 2,
    );
    this.backgroundConcurrency = options.backgroundConcurrency ?? 1;
  }

  /** What status composition reads; never calls AWS. */
  get inventory(): LatticeInventory {
    return this.store;
  }

  /** Every target group of the account in the region, whoever made it: what the per-region quota counts. */
  get targetGroupCount(): number {
    return this.store.targetGroups.size;
  }

  /** One poll; concurrent calls share it. Never rejects: failures end up in the sync state. */
  refresh(): Promise<void> {
    this.running ??= this.poll().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Refreshes now and then every interval, until stopped. */
  start(): void {
    if (this.active) return;
    this.active = true;
    const tick = async () => {
      await this.refresh();
      if (this.active) {
        this.timer = setTimeout(
          tick,
          nextRefreshDelayMs({
            now: Date.now(),
            intervalMs: this.options.intervalMs,
            outOfTime: this.outOfTime,
            backoffUntil: this.backoffUntil,
          }),
        );
      }
    };
    void tick();
  }

  stop(): void {
    this.active = false;
    clearTimeout(this.timer);
  }

  /** Called after every refresh, and after exports asked for were read. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Puts these exports' target groups first in line, and reads those not
   * read yet right away, without waiting for the next refresh. Never waits
   * for AWS: a page view asks, and sees the details on its next poll.
   */
  want(refs: readonly ExportRef[]): void {
    const now = Date.now();
    let unread = false;
    for (const ref of refs) {
      this.wanted.set(`${ref.namespace}/${ref.name}`, { ref, at: now });
      unread ||= this.store.detailsPending(ref);
    }
    if (unread) this.serveWanted();
  }

  private serveWanted(): void {
    // Throttled: the refresh after the wait reads them, wanted first.
    if (Date.now() < this.backoffUntil) return;
    if (this.serving) {
      this.wantedMeanwhile = true;
      return;
    }
    this.serving = (async () => {
      do {
        this.wantedMeanwhile = false;
        try {
          // Targets never listed only (listed since the epoch): refreshes keep the rest current.
          await this.readWanted(new Allowance(this.budget), 0);
        } catch (error) {
          this.failed(classifyLatticeError(error));
        }
      } while (this.wantedMeanwhile);
    })().finally(() => {
      this.serving = undefined;
      this.notify();
    });
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  private currentlyWanted(): ExportRef[] {
    const since = Date.now() - WANTED_FOR_MS;
    for (const [key, { at }] of this.wanted) {
      if (at < since) this.wanted.delete(key);
    }
    return [...this.wanted.values()].map(({ ref }) => ref);
  }

  private async poll(): Promise<void> {
    if (Date.now() < this.backoffUntil) return;
    this.backoffUntil = 0;
    const startedAt = preciseNow();
    const cycleStartedAt = (this.cycleStartedAt ??= startedAt);
    const maxRefreshMs = this.options.maxRefreshMs ?? this.options.intervalMs;
    const deadline = startedAt + maxRefreshMs;
    const detailPending =
      this.store.untaggedTargetGroups().length > 0 ||
      this.store
        .exportTargetGroups()
        .some(group => group.targetsListedAt === undefined);
    const listing = new Allowance(
      this.budget,
      detailPending ? Math.ceil(this.budget.available() / 2) : Infinity,
      deadline,
    );
    const details = new Allowance(this.budget, Infinity, deadline);
    // A quarter at most for the background, so exports asked for meanwhile find calls left.
    const background = new Allowance(
      this.budget,
      Math.ceil(this.budget.available() / 4),
      deadline,
    );
    this.outOfTime = false;
    try {
      // Details of what is already known alongside the sweeps, then of what they found.
      const [pending] = await Promise.all([
        this.sweepListings(listing),
        this.readDetails(details, background, cycleStartedAt),
      ]);
      if (pending.length === 0) this.listedOnce = true;
      const left = await this.readDetails(details, background, cycleStartedAt);
      if (left.wanted > 0) {
        pending.push(`details of ${left.wanted} target groups asked for`);
      }
      if (!left.failureDetails) pending.push('details of failed resources');
      this.outOfTime =
        Date.now() >= deadline && (pending.length > 0 || left.background > 0);
      if (pending.length === 0) {
        this.cycleStartedAt = undefined;
        this.lastCycleMs = preciseNow() - cycleStartedAt;
        // The data is as old as the cycle: its first targets were read when it began.
        if (this.tracker.succeeded(cycleStartedAt))
          this.options.logger.info('VPC Lattice inventory is in sync');
        this.throttledAttempts = 0;
      } else {
        const cause = this.outOfTime
          ? `a refresh takes longer than ${Math.round(maxRefreshMs / 1000)} s`
          : 'call budget reached';
        this.tracker.failed(
          'stale',
          `${cause}; not yet refreshed: ${pending.join(', ')}`,
        );
      }
    } catch (error) {
      this.failed(classifyLatticeError(error));
    } finally {
      this.notify();
    }
  }

  /** Continues the sweeps of every list operation; answers those not complete. */
  private async sweepListings(listing: Allowance): Promise<string[]> {
    const pending: string[] = [];
    if (!(await this.sweepServiceNetworks(listing)))
      pending.push('service networks');
    if (!(await this.sweepServices(listing))) pending.push('services');
    if (!(await this.sweepAssociations(listing)))
      pending.push('service network associations');
    if (!(await this.sweepTargetGroups(listing))) pending.push('target groups');
    return pending;
  }

  /**
   * Tags and targets of wanted exports first, then failure details, then
   * tags and targets of everything else. Targets count as read when listed
   * since `listedSince`.
   */
  private async readDetails(
    allowance: Allowance,
    background: Allowance,
    listedSince: number,
  ): Promise<DetailsLeft> {
    const wanted = await this.readWanted(allowance, listedSince);
    const failureDetails = await this.details.readFailureDetails(allowance);
    const untaggedGroups = this.store.untaggedTargetGroups();
    if (!this.listedOnce) {
      // The first sweeps and the pages people look at come first.
      return { wanted, background: untaggedGroups.length, failureDetails };
    }
    const untagged = await this.details.tagTargetGroups(
      background,
      untaggedGroups,
      this.backgroundConcurrency,
    );
    const unlisted = await this.details.listTargets(
      background,
      this.store.exportTargetGroups(),
      listedSince,
      this.backgroundConcurrency,
    );
    return { wanted, background: untagged + unlisted, failureDetails };
  }

  /** Answers how many target groups of wanted exports remain unread. */
  private async readWanted(
    allowance: Allowance,
    listedSince: number,
  ): Promise<number> {
    const refs = this.currentlyWanted();
    const untagged = await this.details.tagTargetGroups(
      allowance,
      refs.flatMap(ref => this.store.untaggedCandidates(ref)),
    );
    const unlisted = await this.details.listTargets(
      allowance,
      refs.flatMap(ref => this.store.exportTargetGroupsOf(ref)),
      listedSince,
    );
    return untagged + unlisted;
  }

  private failed(failure: LatticeFailure): void {
    let reason = failure.reason;
    if (failure.kind === 'throttled') {
      const waitMs = throttleWaitMs({
        attempt: this.throttledAttempts++,
        retryAfterMs: failure.retryAfterMs,
        backoff: this.throttleBackoff,
        random: Math.random(),
      });
      this.backoffUntil = Date.now() + waitMs;
      reason = `${reason}; next attempt in ${Math.ceil(waitMs / 1000)} s`;
    }
    if (
      this.tracker.failed(
        failure.kind === 'unreachable' ? 'unreachable' : 'stale',
        reason,
      )
    ) {
      this.options.logger.warn(
        `VPC Lattice inventory not refreshed: ${reason}`,
      );
    }
  }

  /**
   * Continues a sweep of one list operation; answers whether it completed
   * in this cycle (a sweep already complete is not repeated). A call is
   * taken from the allowance before each page is requested. `toItem` gets
   * the item held so far under the same key, to carry over.
   */
  private async sweep<I, T>(
    allowance: Allowance,
    collection: SweptCollection<T>,
    pages: (paging: VPCLatticePaginationConfiguration) => AsyncIterable<{
      items?: I[];
      nextToken?: string;
    }>,
    keyOf: (item: I) => string | undefined,
    toItem: (item: I, previous: T | undefined) => T,
  ): Promise<boolean> {
    if ((collection.sweptAt ?? -Infinity) >= this.cycleStartedAt!) return true;
    if (!allowance.take()) return false;
    const paging = {
      client: this.options.client,
      pageSize: PAGE_SIZE,
      startingToken: collection.cursor,
    };
    for await (const page of pages(paging)) {
      for (const item of page.items ?? []) {
        const key = keyOf(item) ?? '';
        collection.put(key, toItem(item, collection.get(key)));
      }
      if (!page.nextToken) break;
      collection.cursor = page.nextToken;
      if (!allowance.take()) return false;
    }
    collection.complete();
    collection.sweptAt = preciseNow();
    return true;
  }

  private sweepServiceNetworks(allowance: Allowance): Promise<boolean> {
    return this.sweep(
      allowance,
      this.store.networks,
      paging => paginateListServiceNetworks(paging, {}),
      item => item.id,
      toServiceNetwork,
    );
  }

  private sweepServices(allowance: Allowance): Promise<boolean> {
    return this.sweep(
      allowance,
      this.store.services,
      paging => paginateListServices(paging, {}),
      item => item.arn,
      toService,
    );
  }

  /** Associations are listed per service network. */
  private async sweepAssociations(allowance: Allowance): Promise<boolean> {
    const associations = this.store.associations;
    for (const id of associations.keys()) {
      if (!this.store.networks.get(id)) associations.delete(id);
    }
    let complete = true;
    for (const network of this.store.networks.values()) {
      const collection = this.store.associationsOf(network.id);
      const swept = await this.sweep(
        allowance,
        collection,
        paging =>
          paginateListServiceNetworkServiceAssociations(paging, {
            serviceNetworkIdentifier: network.id,
          }),
        item => item.id,
        toAssociation,
      );
      complete &&= swept;
    }
    return complete;
  }

  private sweepTargetGroups(allowance: Allowance): Promise<boolean> {
    return this.sweep(
      allowance,
      this.store.targetGroups,
      paging => paginateListTargetGroups(paging, {}),
      item => item.arn,
      toTargetGroup,
    );
  }
}

export interface LatticeInventoryOptions {
  config: LatticeConfig;
  credentialsManager: AwsCredentialsManager;
  intervalMs: number;
  staleAfterMs: number;
  logger: LoggerService;
}

/** A poller for the configured Lattice account; call `start()` or schedule `refresh()`. */
export async function createLatticeInventory(
  options: LatticeInventoryOptions,
): Promise<LatticePoller> {
  return new LatticePoller({
    client: await createLatticeClient(
      options.config,
      options.credentialsManager,
    ),
    callBudgetPerMinute: options.config.callBudgetPerMinute,
    intervalMs: options.intervalMs,
    staleAfterMs: options.staleAfterMs,
    logger: options.logger,
  });
}
