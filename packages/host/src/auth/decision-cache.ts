/**
 * A bounded LRU of decisions. Keys carry every input of a decision except
 * the policies (see cedar-request.ts `callKey`), and the cache is emptied
 * whenever the installed policies change, so a hit is always what Cedar
 * would answer now. A Map keeps insertion order: a hit is re-inserted, the
 * oldest key is evicted first.
 */
export interface DecisionCache<T> {
  get(key: string, epoch: number): T | undefined;
  set(key: string, epoch: number, value: T): void;
  readonly size: number;
}

export function createDecisionCache<T>(capacity: number): DecisionCache<T> {
  const entries = new Map<string, T>();
  let cachedEpoch = -1;

  function sync(epoch: number) {
    if (epoch === cachedEpoch) return;
    entries.clear();
    cachedEpoch = epoch;
  }

  return {
    get(key, epoch) {
      if (capacity <= 0) return undefined;
      sync(epoch);
      const value = entries.get(key);
      if (value !== undefined) {
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    set(key, epoch, value) {
      if (capacity <= 0) return;
      sync(epoch);
      entries.set(key, value);
      if (entries.size > capacity) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
    },
    get size() {
      return entries.size;
    },
  };
}
