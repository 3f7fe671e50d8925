/*
 * Keeps one kind of one cluster in memory: list, then watch from the list's
 * resourceVersion with bookmarks; relist on 410 Gone; reconnect with a
 * jittered backoff when the connection fails. Readers are never blocked:
 * they see the last complete list plus the changes watched since.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  apiVersionOf,
  SyncState,
} from '@service-network/backstage-plugin-service-network-common';
import { toClusterRequestError } from '../clusters/errors';
import type { ClusterClient, WatchEvent, WatchHandle } from '../clusters/types';
import { Backoff, BackoffOptions } from './backoff';
import type { Compactor, ObjectType } from './compact';
import type { Sink } from './objectIndex';
import type { KubeObject } from './snapshot';
import type { SourceDefinition } from './sources';
import { SyncTracker } from './syncTracker';

export interface WatchTiming {
  /** A source without success for this long is reported stale. */
  staleAfterMs: number;
  /** A watch that receives nothing, not even a bookmark, for this long is reopened. */
  watchIdleTimeoutMs: number;
  /** Items per list request. */
  listPageSize: number;
  retry: BackoffOptions;
  /** How often a kind the cluster does not serve is looked for again. */
  notServedRetryMs: number;
  /** The server is asked to end each watch after a random time in this range, as informers do. */
  watchTimeoutSeconds: readonly [number, number];
}

export interface KindWatcherOptions<T extends KubeObject> {
  cluster: string;
  client: ClusterClient;
  source: SourceDefinition;
  sink: Sink<T>;
  compact: Compactor<T>;
  timing: WatchTiming;
  logger: LoggerService;
  /** Called after the data or the sync state changed. */
  onChange(): void;
}

// A watch the server closes sooner than this counts as a failed attempt.
const SHORTEST_HEALTHY_WATCH_MS = 1000;

export class KindWatcher<T extends KubeObject> {
  private readonly tracker: SyncTracker;
  private served = true;
  /** Which of the source's kinds (newest first) is in use. */
  private kindChoice = 0;
  private resourceVersion?: string;
  private running = false;
  private watch?: WatchHandle;
  private wake?: () => void;

  constructor(private readonly options: KindWatcherOptions<T>) {
    this.tracker = new SyncTracker(options.timing.staleAfterMs);
  }

  get source(): SourceDefinition {
    return this.options.source;
  }

  /** Undefined while the cluster does not serve the kind. */
  sync(now?: number): SyncState | undefined {
    return this.served ? this.tracker.current(now) : undefined;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.run();
  }

  stop(): void {
    this.running = false;
    this.watch?.abort();
    this.wake?.();
  }

  private get kind() {
    return this.options.source.kinds[this.kindChoice];
  }

  private get type(): ObjectType {
    return { apiVersion: apiVersionOf(this.kind), kind: this.kind.kind };
  }

  private async run(): Promise<void> {
    const backoff = new Backoff(this.options.timing.retry);
    while (this.running) {
      let listing = this.resourceVersion === undefined;
      try {
        if (listing) await this.relist();
        listing = false;
        const healthy = await this.watchUntilClosed();
        if (healthy) backoff.reset();
        else await this.sleep(backoff.next());
      } catch (error) {
        if (!this.running) return;
        const failure = toClusterRequestError(error);
        if (failure.statusCode === 410) {
          this.resourceVersion = undefined;
          // A list's own pages outlived the server's history: pause before listing again.
          if (listing) await this.sleep(backoff.next());
        } else if (failure.statusCode === 404 && this.options.source.optional) {
          await this.notServed();
        } else {
          this.fail(failure.reason);
          await this.sleep(backoff.next());
        }
      }
    }
  }

  private async relist(): Promise<void> {
    const { client, source, compact, timing } = this.options;
    const type = this.type;
    const items: T[] = [];
    let page;
    let next: string | undefined;
    do {
      page = await client.list(this.kind, {
        fieldSelector: source.fieldSelector,
        labelSelector: source.labelSelector,
        namespace: source.namespace,
        limit: timing.listPageSize,
        continue: next,
      });
      for (const raw of page.items) items.push(compact(raw, type));
      next = page.continue;
    } while (next && this.running);
    if (!this.running) return;
    this.options.sink.replaceAll(items);
    this.resourceVersion = page.resourceVersion;
    if (!this.served) {
      this.served = true;
      this.options.logger.info(
        `${this.options.cluster}: ${source.source} is served again`,
      );
    }
    this.succeed(true);
  }

  /**
   * Answers whether the watch stayed open long enough to count as healthy.
   * Failing to open it is an error; a stream that breaks once open is not
   * (connections drop), unless the server ended it with 410 Gone.
   */
  private async watchUntilClosed(): Promise<boolean> {
    const { client, source, timing } = this.options;
    const [shortest, longest] = timing.watchTimeoutSeconds;
    const handle = await client.watch(
      this.kind,
      {
        resourceVersion: this.resourceVersion!,
        fieldSelector: source.fieldSelector,
        labelSelector: source.labelSelector,
        namespace: source.namespace,
        allowWatchBookmarks: true,
        timeoutSeconds: Math.round(
          shortest + Math.random() * (longest - shortest),
        ),
        idleTimeoutMs: timing.watchIdleTimeoutMs,
      },
      event => this.apply(event),
    );
    if (!this.running) {
      handle.abort();
      return true;
    }
    const opened = Date.now();
    this.watch = handle;
    this.succeed(false);
    try {
      await handle.done;
    } catch (error) {
      if (toClusterRequestError(error).statusCode === 410) throw error;
    } finally {
      this.watch = undefined;
    }
    return Date.now() - opened >= SHORTEST_HEALTHY_WATCH_MS;
  }

  private apply(event: WatchEvent): void {
    const resourceVersion = event.object.metadata?.resourceVersion;
    if (resourceVersion) this.resourceVersion = resourceVersion;
    if (event.type === 'BOOKMARK') {
      this.succeed(false);
      return;
    }
    const item = this.options.compact(event.object, this.type);
    if (event.type === 'DELETED') this.options.sink.remove(item);
    else this.options.sink.upsert(item);
    this.succeed(true);
  }

  /** The kind is not installed (or no longer): try an older version, else look again later. */
  private async notServed(): Promise<void> {
    this.resourceVersion = undefined;
    if (this.kindChoice + 1 < this.options.source.kinds.length) {
      this.kindChoice += 1;
      return;
    }
    this.kindChoice = 0;
    if (this.served) {
      this.served = false;
      this.options.sink.replaceAll([]);
      this.options.logger.info(
        `${this.options.cluster}: ${this.options.source.source} is not served by this cluster`,
      );
      this.options.onChange();
    }
    await this.sleep(this.options.timing.notServedRetryMs);
  }

  private succeed(dataChanged: boolean): void {
    if (this.tracker.succeeded() || dataChanged) this.options.onChange();
  }

  private fail(reason: string): void {
    if (this.tracker.failed('unreachable', reason)) {
      this.options.logger.warn(
        `${this.options.cluster}: cannot sync ${this.options.source.source}: ${reason}`,
      );
      this.options.onChange();
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise(resolve => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
