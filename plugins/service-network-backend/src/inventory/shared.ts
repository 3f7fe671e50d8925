/*
 * Equal values shared between inventory objects. A fleet's Services and
 * exports repeat the same namespaces, annotations, finalizers and port
 * lists tens of thousands of times; JSON.parse gives every one its own copy.
 * Each table stops growing at a bound, so values that never repeat (names,
 * IPs) cannot fill memory: past the bound, new values are kept unshared.
 */

/** Strings longer than this are rarely repeated and not worth a table entry. */
const MAX_SHARED_STRING = 128;

export class SharedValues {
  private readonly strings = new Map<string, string>();
  private readonly values = new Map<string, unknown>();

  constructor(private readonly maxEntries: number) {}

  string<T extends string | undefined>(value: T): T {
    if (value === undefined || value.length > MAX_SHARED_STRING) return value;
    const known = this.strings.get(value);
    if (known !== undefined) return known as T;
    if (this.strings.size < this.maxEntries) this.strings.set(value, value);
    return value;
  }

  /**
   * A frozen value equal to `value` (plain JSON data), the same one for every
   * equal value: callers must treat what they get as read-only.
   */
  value<T>(value: T): T {
    if (value === undefined || value === null || typeof value !== 'object') return value;
    const key = JSON.stringify(value);
    const known = this.values.get(key);
    if (known !== undefined) return known as T;
    const frozen = deepFreeze(value);
    if (this.values.size < this.maxEntries) this.values.set(key, frozen);
    return frozen;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** One table for the whole process: the same values recur across clusters. */
export const sharedValues = new SharedValues(20_000);
