/*
 * Ids filed under lookup keys, as client-go's indexers file objects: each id
 * under any number of keys, refiled whenever its keys change, so a lookup
 * costs what it finds rather than what is stored.
 */
export class KeyIndex {
  private readonly idsByKey = new Map<string, Set<string>>();
  private readonly keysById = new Map<string, string[]>();

  /** Files an id under exactly these keys, replacing the ones it had. */
  file(id: string, keys: string[]): void {
    const current = this.keysById.get(id);
    if (
      current?.length === keys.length &&
      current.every((key, index) => key === keys[index])
    )
      return;
    this.remove(id);
    if (keys.length === 0) return;
    this.keysById.set(id, keys);
    for (const key of keys) {
      let ids = this.idsByKey.get(key);
      if (!ids) {
        ids = new Set();
        this.idsByKey.set(key, ids);
      }
      ids.add(id);
    }
  }

  remove(id: string): void {
    for (const key of this.keysById.get(id) ?? []) {
      const ids = this.idsByKey.get(key)!;
      ids.delete(id);
      if (ids.size === 0) this.idsByKey.delete(key);
    }
    this.keysById.delete(id);
  }

  /** How many ids are filed. */
  get size(): number {
    return this.keysById.size;
  }

  /** The ids filed under a key, in the order they were filed there. */
  get(key: string): string[] {
    const ids = this.idsByKey.get(key);
    return ids ? [...ids] : [];
  }
}
