/*
 * maxResults and nextToken as Lattice list operations take them. The token
 * is opaque to clients: it carries the operation it belongs to and the
 * state's cursor, so it keeps working while resources come and go.
 */
import { invalidField } from './errors';
import { Page, PageWindow } from './types';

/** Lattice allows 1..100 per page; without maxResults it answers pages of 100. */
const MAX_RESULTS = { min: 1, max: 100, default: 100 };

export function pageWindow(operation: string, query: URLSearchParams): PageWindow {
  const maxResults = query.get('maxResults');
  const nextToken = query.get('nextToken');
  let limit = MAX_RESULTS.default;
  if (maxResults !== null) {
    limit = /^-?\d{1,10}$/.test(maxResults) ? Number(maxResults) : NaN;
    if (!(limit >= MAX_RESULTS.min)) {
      throw invalidField('maxResults', maxResults, `Member must have value greater than or equal to ${MAX_RESULTS.min}`);
    }
    if (limit > MAX_RESULTS.max) {
      throw invalidField('maxResults', maxResults, `Member must have value less than or equal to ${MAX_RESULTS.max}`);
    }
  }
  return nextToken === null ? { limit } : { limit, after: cursorOf(operation, nextToken) };
}

export function pagedOutput<T, W>(operation: string, page: Page<T>, toWire: (item: T) => W): { items: W[]; nextToken?: string } {
  const items = page.items.map(toWire);
  if (page.next === undefined) return { items };
  return { items, nextToken: Buffer.from(JSON.stringify({ o: operation, a: page.next })).toString('base64url') };
}

function cursorOf(operation: string, token: string): string {
  const invalid = () => invalidField('nextToken', token, 'Member must be a pagination token returned by a previous call');
  if (token.length < 1 || token.length > 2048) throw invalid();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const { o, a } = (decoded ?? {}) as { o?: unknown; a?: unknown };
  if (o !== operation || typeof a !== 'string') throw invalid();
  return a;
}
