/*
 * The store's recent changes, newest last, in a fixed-size ring: what a watch
 * from an older resourceVersion replays, and what a paginated list rolls back
 * to read the state as of its first page. Anything older has been compacted,
 * and asking for it is a 410 Expired as on a real server.
 */
import { expired } from './errors';
import { groupResourceKey } from './registry';
import type { GroupResource, KubeObject, StoreEvent } from './types';

interface Entry {
  resourceVersion: number;
  event: StoreEvent;
}

export class EventHistory {
  private readonly ring: Array<Entry | undefined>;
  private start = 0;
  private size = 0;
  /** The resourceVersion of the newest event that has been dropped (0: none yet). */
  private compactedThrough = 0;

  constructor(limit: number) {
    this.ring = new Array(Math.max(1, limit));
  }

  push(resourceVersion: number, event: StoreEvent): void {
    if (this.size === this.ring.length) {
      this.compactedThrough = this.ring[this.start]!.resourceVersion;
      this.start = (this.start + 1) % this.ring.length;
      this.size -= 1;
    }
    this.ring[(this.start + this.size) % this.ring.length] = {
      resourceVersion,
      event,
    };
    this.size += 1;
  }

  private at(index: number): Entry {
    return this.ring[(this.start + index) % this.ring.length]!;
  }

  /** Index of the first entry newer than resourceVersion (binary search: entries are in order). */
  private firstAfter(resourceVersion: number): number {
    let low = 0;
    let high = this.size;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.at(middle).resourceVersion <= resourceVersion) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  isCompacted(resourceVersion: number): boolean {
    return resourceVersion < this.compactedThrough;
  }

  /** Events after resourceVersion, oldest first, optionally for one resource; 410 when compacted. */
  since(resourceVersion: number, resource?: GroupResource): StoreEvent[] {
    if (this.isCompacted(resourceVersion)) {
      throw expired(
        `too old resource version: ${resourceVersion} (${this.compactedThrough})`,
      );
    }
    const key = resource ? groupResourceKey(resource) : undefined;
    const events: StoreEvent[] = [];
    for (
      let index = this.firstAfter(resourceVersion);
      index < this.size;
      index += 1
    ) {
      const { event } = this.at(index);
      if (!key || groupResourceKey(event.resource) === key) events.push(event);
    }
    return events;
  }

  /**
   * How objects of one resource that changed after resourceVersion looked at
   * that version, by object key (undefined: it did not exist yet).
   */
  stateAt(
    resourceVersion: number,
    resource: GroupResource,
    keyOf: (object: KubeObject) => string,
  ): Map<string, KubeObject | undefined> {
    const state = new Map<string, KubeObject | undefined>();
    for (const event of this.since(resourceVersion, resource)) {
      const key = keyOf(event.object);
      if (!state.has(key))
        state.set(key, event.type === 'ADDED' ? undefined : event.previous);
    }
    return state;
  }
}
