import { EventIndex } from './eventIndex';
import type { KubeEvent } from './snapshot';

function event(
  name: string,
  about: string,
  lastTimestamp: string,
  reason = 'FailedBuildModel',
): KubeEvent {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { namespace: 'shop', name },
    involvedObject: { kind: 'ServiceExport', namespace: 'shop', name: about },
    reason,
    lastTimestamp,
  };
}

const reasons = (events: readonly KubeEvent[]) =>
  events.map(e => e.metadata.name);

describe('EventIndex', () => {
  it('answers the events about an object, newest first', () => {
    const index = new EventIndex(10);
    index.replaceAll([
      event('cart.1', 'cart', '2026-11-21T10:00:00Z'),
      event('cart.2', 'cart', '2026-11-21T10:05:00Z'),
      event('orders.1', 'orders', '2026-11-21T10:01:00Z'),
    ]);
    expect(reasons(index.eventsFor('ServiceExport', 'shop', 'cart'))).toEqual([
      'cart.2',
      'cart.1',
    ]);
    expect(
      reasons(index.eventsFor('ServiceExport', 'shop', 'payments')),
    ).toEqual([]);
    expect(reasons(index.eventsFor('Service', 'shop', 'cart'))).toEqual([]);
  });

  it('keeps only the newest few per object', () => {
    const index = new EventIndex(2);
    index.upsert(event('cart.1', 'cart', '2026-11-21T10:00:00Z'));
    index.upsert(event('cart.2', 'cart', '2026-11-21T10:01:00Z'));
    index.upsert(event('cart.3', 'cart', '2026-11-21T10:02:00Z'));
    expect(reasons(index.eventsFor('ServiceExport', 'shop', 'cart'))).toEqual([
      'cart.3',
      'cart.2',
    ]);
  });

  it('moves a repeated event to the front and drops deleted ones', () => {
    const index = new EventIndex(10);
    index.upsert(event('cart.1', 'cart', '2026-11-21T10:00:00Z'));
    index.upsert(event('cart.2', 'cart', '2026-11-21T10:01:00Z'));
    const before = index.eventsFor('ServiceExport', 'shop', 'cart');
    index.upsert(event('cart.1', 'cart', '2026-11-21T10:09:00Z'));
    expect(reasons(index.eventsFor('ServiceExport', 'shop', 'cart'))).toEqual([
      'cart.1',
      'cart.2',
    ]);
    expect(reasons(before)).toEqual(['cart.2', 'cart.1']);
    index.remove(event('cart.2', 'cart', '2026-11-21T10:01:00Z'));
    expect(reasons(index.eventsFor('ServiceExport', 'shop', 'cart'))).toEqual([
      'cart.1',
    ]);
  });
});
