/*
 * Times as status composition hands them out: ISO-8601 as Date#toISOString
 * writes it. The inventory stores them that way, so that a page view,
 * which reads hundreds, need not parse them.
 */
import type { KubeTime } from './snapshot';

const CANONICAL = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
/** How the API server writes times (RFC 3339 in UTC, whole seconds): every object of a list has some. */
const API_SERVER = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

/** ISO-8601, whichever form client-node or the API server handed the time over in. */
export function isoTime(time: KubeTime | null | undefined): string | undefined {
  if (!time) {
    return undefined;
  }
  if (typeof time === 'string') {
    if (CANONICAL.test(time)) return time;
    if (API_SERVER.test(time)) return `${time.slice(0, 19)}.000Z`;
  }
  const date = time instanceof Date ? time : new Date(time);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
