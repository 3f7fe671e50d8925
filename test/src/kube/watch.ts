/*
 * Watch streams: newline-delimited JSON events ({type, object}) on a chunked
 * HTTP response, fed by one subscription to the store per server. Each stream
 * filters by namespace and selectors (an object that stops matching is
 * DELETED for that stream, one that starts matching is ADDED), sends periodic
 * BOOKMARKs when asked to, and ends at timeoutSeconds or when faults cut it.
 */
import type { ServerResponse } from 'node:http';
import type { Status } from './errors';
import { qualifiedResource } from './errors';
import type { FaultInjector } from './faults';
import type {
  GroupResource,
  KubeObject,
  ObjectStore,
  StoreEvent,
} from './types';

export type WatchEventType =
  | 'ADDED'
  | 'MODIFIED'
  | 'DELETED'
  | 'BOOKMARK'
  | 'ERROR';

export interface WatchRequest {
  resource: GroupResource;
  namespace?: string;
  matches(object: KubeObject): boolean;
  /** Rewrites a stored object for the client (apiVersion of the request, Table rows). */
  present(object: KubeObject): unknown;
  /** Kind and apiVersion bookmarks carry. */
  bookmarkType: { kind: string; apiVersion: string };
  allowBookmarks: boolean;
  timeoutSeconds?: number;
}

const INITIAL_EVENTS_END = 'k8s.io/initial-events-end';

class WatchStream {
  private ended = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly untrack: () => void;

  constructor(
    private readonly request: WatchRequest,
    private readonly response: ServerResponse,
    private readonly store: ObjectStore,
    faults: FaultInjector,
    bookmarkIntervalMs: number,
    private readonly onEnd: () => void,
  ) {
    this.untrack = faults.trackWatch(() => this.end());
    response.on('close', () => this.end());
    if (request.allowBookmarks) {
      this.timers.push(setInterval(() => this.bookmark(), bookmarkIntervalMs));
    }
    if (request.timeoutSeconds !== undefined) {
      this.timers.push(
        setTimeout(() => this.end(), request.timeoutSeconds * 1000),
      );
    }
  }

  write(type: WatchEventType, object: unknown): void {
    if (!this.ended)
      this.response.write(`${JSON.stringify({ type, object })}\n`);
  }

  bookmark(annotations?: Record<string, string>): void {
    this.write('BOOKMARK', {
      ...this.request.bookmarkType,
      metadata: {
        resourceVersion: this.store.currentResourceVersion(),
        ...(annotations ? { annotations } : {}),
      },
    });
  }

  /** Passes a change on, translated for this stream's selectors. */
  offer(event: StoreEvent): void {
    const { namespace, matches, present } = this.request;
    if (namespace && event.object.metadata.namespace !== namespace) return;
    const was =
      event.type !== 'ADDED' &&
      event.previous !== undefined &&
      matches(event.previous);
    if (event.type === 'DELETED') {
      if (was || matches(event.object))
        this.write('DELETED', present(event.object));
    } else if (matches(event.object)) {
      this.write(was ? 'MODIFIED' : 'ADDED', present(event.object));
    } else if (was) {
      this.write('DELETED', present(event.object));
    }
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.untrack();
    this.onEnd();
    this.response.end();
  }
}

/** Sends a watch's headers at once: clients wait for them before reading events, even on a quiet watch. */
function startStream(response: ServerResponse): void {
  response.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
  });
  response.flushHeaders();
}

/** All open watches of one server, fed by a single store subscription. */
export class WatchHub {
  private readonly streams = new Map<string, Set<WatchStream>>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: ObjectStore,
    private readonly faults: FaultInjector,
    private readonly bookmarkIntervalMs: number,
  ) {
    // Streams only serialise what they are offered, so the store's own objects will do.
    this.unsubscribe = store.subscribeReadOnly(event => {
      for (const stream of this.streams.get(
        qualifiedResource(event.resource),
      ) ?? [])
        stream.offer(event);
    });
  }

  /**
   * Starts a watch. Call synchronously after reading the initial state or the
   * replayed events, so no change falls in between.
   */
  open(
    request: WatchRequest,
    response: ServerResponse,
    initial: {
      added?: KubeObject[];
      replay?: StoreEvent[];
      initialEventsEnd?: boolean;
    },
  ): void {
    const key = qualifiedResource(request.resource);
    const set = this.streams.get(key) ?? new Set<WatchStream>();
    this.streams.set(key, set);
    const stream = new WatchStream(
      request,
      response,
      this.store,
      this.faults,
      this.bookmarkIntervalMs,
      () => set.delete(stream),
    );
    set.add(stream);
    startStream(response);
    for (const object of initial.added ?? [])
      stream.write('ADDED', request.present(object));
    for (const event of initial.replay ?? []) stream.offer(event);
    if (initial.initialEventsEnd)
      stream.bookmark({ [INITIAL_EVENTS_END]: 'true' });
  }

  /** Answers a watch whose start failed (410 Expired) the way a real server does: one ERROR event. */
  fail(response: ServerResponse, status: Status): void {
    startStream(response);
    response.end(`${JSON.stringify({ type: 'ERROR', object: status })}\n`);
  }

  close(): void {
    this.unsubscribe();
    for (const set of this.streams.values())
      for (const stream of [...set]) stream.end();
    this.streams.clear();
  }
}
