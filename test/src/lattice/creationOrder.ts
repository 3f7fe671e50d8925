/*
 * Keys kept in the order they were added, paged by a cursor (the sequence
 * number of the last key returned). A cursor stays meaningful when keys are
 * removed or added between pages: the next page resumes after that point, so
 * nothing already listed repeats and nothing still present is skipped.
 */
import { invalidField } from './errors';
import { Page, PageWindow } from './types';

export class CreationOrder {
  private readonly keys: string[] = [];
  private readonly sequences: number[] = [];
  private readonly sequenceOf = new Map<string, number>();

  /** Sequence numbers must increase from one add to the next. */
  add(key: string, sequence: number): void {
    this.keys.push(key);
    this.sequences.push(sequence);
    this.sequenceOf.set(key, sequence);
  }

  remove(key: string): void {
    const sequence = this.sequenceOf.get(key);
    if (sequence === undefined) return;
    const index = this.firstIndexAfter(sequence - 1);
    this.keys.splice(index, 1);
    this.sequences.splice(index, 1);
    this.sequenceOf.delete(key);
  }

  get size(): number {
    return this.keys.length;
  }

  page(window: PageWindow, accept: (key: string) => boolean = () => true): Page<string> {
    const start = window.after === undefined ? 0 : this.firstIndexAfter(parseCursor(window.after));
    const items: string[] = [];
    let index = start;
    for (; index < this.keys.length && items.length < window.limit; index++) {
      if (accept(this.keys[index])) items.push(this.keys[index]);
    }
    const more = items.length === window.limit && index < this.keys.length;
    return more ? { items, next: String(this.sequences[index - 1]) } : { items };
  }

  private firstIndexAfter(sequence: number): number {
    let low = 0;
    let high = this.sequences.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.sequences[middle] <= sequence) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

function parseCursor(cursor: string): number {
  if (!/^\d{1,15}$/.test(cursor)) throw invalidField('nextToken', cursor, 'Member must be a valid pagination token');
  return Number(cursor);
}
