/*
 * Ids filed under lookup keys, as client-go's indexers file objects: each id
 * under any number of keys, refiled whenever its keys change, so a lookup
 * costs what it finds rather than what is stored. Most keys hold one id and
 * most ids one key, so those are kept as bare strings: an index holds an
 * entry per object of a large fleet.
 */
type OneOrMore = string | Set<string>;

function toArray(value: OneOrMore | undefined): string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : [...value];
}

export class KeyIndex {
  private readonly idsByKey = new Map<string, OneOrMore>();
  private readonly keysById = new Map<string, string | string[]>();

  /** How many ids are filed. */
  get size(): number {
    return this.keysById.size;
  }

  /** Files an id under exactly these keys, replacing the ones it had. */
  file(id: string, keys: string[]): void {
    const current = this.keysOf(id);
    if (
      current.length === keys.length &&
      current.every((key, index) => key === keys[index])
    )
      return;
    this.remove(id);
    if (keys.length === 0) return;
    this.keysById.set(id, keys.length === 1 ? keys[0] : keys);
    for (const key of keys) {
      const ids = this.idsByKey.get(key);
      if (ids === undefined) this.idsByKey.set(key, id);
      else if (typeof ids === 'string') {
        if (ids !== id) this.idsByKey.set(key, new Set([ids, id]));
      } else ids.add(id);
    }
  }

  remove(id: string): void {
    for (const key of this.keysOf(id)) {
      const ids = this.idsByKey.get(key);
      if (typeof ids === 'string') this.idsByKey.delete(key);
      else if (ids) {
        ids.delete(id);
        if (ids.size === 1) this.idsByKey.set(key, ids.values().next().value!);
      }
    }
    this.keysById.delete(id);
  }

  /** The ids filed under a key, in the order they were filed there. */
  get(key: string): string[] {
    return toArray(this.idsByKey.get(key));
  }

  private keysOf(id: string): string[] {
    const keys = this.keysById.get(id);
    if (keys === undefined) return [];
    return typeof keys === 'string' ? [keys] : keys;
  }
}
