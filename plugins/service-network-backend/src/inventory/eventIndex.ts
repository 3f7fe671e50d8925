/*
 * Kubernetes Events by the object they are about, newest first, at most a
 * few per object: the controller repeats its failures, and only the latest
 * ones explain the current state.
 */
import type { KubeEvent, KubeTime } from './snapshot';
import type { Sink } from './objectIndex';

function timeOf(value: KubeTime | null | undefined): number {
  if (!value) return 0;
  const time = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(time) ? 0 : time;
}

/** When the event last happened, for ordering. */
function lastSeen(event: KubeEvent): number {
  return timeOf(
    event.lastTimestamp ??
      event.series?.lastObservedTime ??
      event.eventTime ??
      event.metadata.creationTimestamp,
  );
}

function eventId(event: KubeEvent): string {
  return `${event.metadata.namespace ?? ''}/${event.metadata.name}`;
}

function subjectKey(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

function subjectOf(event: KubeEvent): string {
  const { kind = '', namespace, name = '' } = event.involvedObject;
  return subjectKey(kind, namespace ?? event.metadata.namespace ?? '', name);
}

export class EventIndex implements Sink<KubeEvent> {
  private events = new Map<string, KubeEvent>();
  private bySubject = new Map<string, readonly KubeEvent[]>();

  constructor(private readonly perObject: number) {}

  eventsFor(
    kind: string,
    namespace: string,
    name: string,
  ): readonly KubeEvent[] {
    return this.bySubject.get(subjectKey(kind, namespace, name)) ?? [];
  }

  replaceAll(items: readonly KubeEvent[]): void {
    this.events = new Map();
    this.bySubject = new Map();
    for (const item of items) this.upsert(item);
  }

  upsert(item: KubeEvent): void {
    this.remove(item);
    const subject = subjectOf(item);
    const ordered = [...(this.bySubject.get(subject) ?? []), item].sort(
      (a, b) => lastSeen(b) - lastSeen(a),
    );
    for (const dropped of ordered.splice(this.perObject))
      this.events.delete(eventId(dropped));
    if (ordered.includes(item)) this.events.set(eventId(item), item);
    this.bySubject.set(subject, ordered);
  }

  remove(item: KubeEvent): void {
    const id = eventId(item);
    const previous = this.events.get(id);
    if (!previous) return;
    this.events.delete(id);
    const subject = subjectOf(previous);
    // A new array rather than a splice: readers may hold the old one.
    const remaining = (this.bySubject.get(subject) ?? []).filter(
      event => event !== previous,
    );
    if (remaining.length > 0) this.bySubject.set(subject, remaining);
    else this.bySubject.delete(subject);
  }
}
