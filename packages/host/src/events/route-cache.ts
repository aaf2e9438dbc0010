/**
 * The routing answer per stream, remembered: a bounded Map from a full stream
 * name to the subscriptions it reaches, so routing an event on a stream seen
 * before is one Map lookup (plus one small per-type lookup when a matching
 * subscription filters by type) and returns a frozen list built once.
 *
 * Its size depends on the streams events are published to, not on the number
 * of subscriptions: with 10 or 10,000 subscriptions an event costs the same
 * lookup. Subscribing or unsubscribing an exact stream forgets that one
 * stream; a pattern with `*` can change any stream's answer, so it forgets
 * everything (plugins subscribe when they load, rarely while events flow).
 * When full, the oldest stream is dropped (insertion order); a stream not
 * remembered is routed by the index's walk, which builds its entry.
 */
import { type TypeFilter, wantsType } from "./type-filter.js";

/** What the index's walk finds for a stream: a value and its type filter (undefined = every type). */
export interface RoutedEntry<T> {
  readonly value: T;
  readonly types: TypeFilter | undefined;
}

export interface RouteCache<T> {
  /** The values for (stream, type), in the walk's order; the list is frozen and shared, never mutate it. */
  get(stream: string, type: string): readonly T[];
  /** A subscription whose pattern is exactly this stream came or went. */
  forgetStream(stream: string): void;
  /** A pattern with `*` came or went. */
  forgetAll(): void;
  /** Streams remembered. */
  readonly size: number;
}

interface Route<T> {
  /** The answer for every type, when no matched entry filters by type. */
  all: readonly T[] | undefined;
  /** The matched entries, in order, when some filter by type. */
  entries: ReadonlyArray<RoutedEntry<T>>;
  /** Answers per type already asked for (at most TYPES_PER_ROUTE). */
  byType: Map<string, readonly T[]> | undefined;
}

/** A stream's types are few in practice; past this many, further types are filtered per event, not kept. */
const TYPES_PER_ROUTE = 32;

const NONE: readonly never[] = Object.freeze([]);

/** `walk(stream)` returns every entry whose pattern matches the stream, whatever its types, in routing order. */
export function createRouteCache<T>(capacity: number, walk: (stream: string) => Array<RoutedEntry<T>>): RouteCache<T> {
  const routes = new Map<string, Route<T>>();

  function build(stream: string): Route<T> {
    const entries = walk(stream);
    let filtered = false;
    for (const entry of entries) if (entry.types !== undefined) filtered = true;
    const route: Route<T> = filtered
      ? { all: undefined, entries, byType: new Map() }
      : { all: freeze(entries.map((entry) => entry.value)), entries: NONE, byType: undefined };
    routes.set(stream, route);
    if (routes.size > capacity) routes.delete(routes.keys().next().value as string);
    return route;
  }

  function forType(route: Route<T>, type: string): readonly T[] {
    const values: T[] = [];
    for (const entry of route.entries)
      if (entry.types === undefined || wantsType(entry.types, type)) values.push(entry.value);
    const list = freeze(values);
    const byType = route.byType as Map<string, readonly T[]>;
    if (byType.size < TYPES_PER_ROUTE) byType.set(type, list);
    return list;
  }

  return {
    get(stream, type) {
      const route = routes.get(stream) ?? build(stream);
      if (route.all !== undefined) return route.all;
      return (route.byType as Map<string, readonly T[]>).get(type) ?? forType(route, type);
    },
    forgetStream(stream) {
      routes.delete(stream);
    },
    forgetAll() {
      routes.clear();
    },
    get size() {
      return routes.size;
    },
  };
}

function freeze<T>(values: T[]): readonly T[] {
  return values.length === 0 ? NONE : Object.freeze(values);
}
