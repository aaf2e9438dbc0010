/**
 * Event-type filters of subscriptions (empty types = every type). Entries with
 * the same type list share one filter, reference-counted, so checking a type
 * touches few distinct objects and stays in the near caches.
 */

/** A set of event types, shared by the entries that use it. */
export interface TypeFilter {
  readonly key: string;
  /** Short lists are scanned (a few pointer compares); long ones use `set`. */
  readonly list: readonly string[];
  readonly set: ReadonlySet<string> | undefined;
  refs: number;
}

export interface TypeFilters {
  /** The shared filter for a type list (deduplicated, order-insensitive), counted once more; undefined for every type. */
  acquire(types: readonly string[]): TypeFilter | undefined;
  /** Drops one use of a filter; the last one forgets it. */
  release(filter: TypeFilter | undefined): void;
}

const SHORT_TYPE_LIST = 8;

export function createTypeFilters(): TypeFilters {
  const filters = new Map<string, TypeFilter>();
  return {
    acquire(types) {
      if (types.length === 0) return undefined;
      const list = [...new Set(types)].sort();
      const key = JSON.stringify(list);
      let filter = filters.get(key);
      if (filter === undefined) {
        filter = { key, list, set: list.length > SHORT_TYPE_LIST ? new Set(list) : undefined, refs: 0 };
        filters.set(key, filter);
      }
      filter.refs++;
      return filter;
    },
    release(filter) {
      if (filter !== undefined && --filter.refs === 0) filters.delete(filter.key);
    },
  };
}

/** True when the filter lets this type through. */
export function wantsType(filter: TypeFilter, type: string): boolean {
  if (filter.set !== undefined) return filter.set.has(type);
  const list = filter.list;
  for (let i = 0; i < list.length; i++) if (list[i] === type) return true;
  return false;
}
