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
 * Bounded by two generations of at most capacity / 2 streams each: new
 * answers go to the current one; when it is full it becomes the previous one
 * and the former previous one is dropped whole; a stream found in the
 * previous generation moves back to the current one. So busy streams stay
 * and idle ones age out, with O(1) work per event (deleting the oldest key of
 * one Map instead would make V8 skip the deleted slots on every eviction). A
 * stream not remembered is routed by the index's walk, which also builds its entry.
 *
 * A stream is remembered on its second event, not its first: an entry
 * built for a stream never seen again is garbage the old-generation GC must
 * collect (a set of streams seen once, cleared when it reaches capacity / 2,
 * decides). A miss still costs more than a plain walk (a few hash probes),
 * so when more than half the lookups of a window missed while
 * the cache was already full (more busy streams than fit, or streams used
 * once; a cache still filling up is only cold) the cache stands aside for
 * the next BYPASS_WINDOWS windows: every event is walked, as without it.
 * Then one window uses it again (what it holds is kept) and judges anew.
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

/** Lookups per window over which the miss rate is judged. */
const WINDOW = 4096;
/** Windows walked without the cache after one where most lookups missed. */
const BYPASS_WINDOWS = 15;

/** A stream's types are few in practice; past this many, further types are filtered per event, not kept. */
const TYPES_PER_ROUTE = 32;

const NONE: readonly never[] = Object.freeze([]);

/** `walk(stream)` returns every entry whose pattern matches the stream, whatever its types, in routing order. */
export function createRouteCache<T>(capacity: number, walk: (stream: string) => Array<RoutedEntry<T>>): RouteCache<T> {
  const generationSize = Math.max(1, Math.floor(capacity / 2));
  let current = new Map<string, Route<T>>();
  let previous = new Map<string, Route<T>>();

  let lookups = 0;
  let misses = 0;
  let bypass = 0;
  /** Streams routed once and not remembered: a stream is remembered on its second event. */
  let seen = new Set<string>();

  /** The route of a stream not in the current generation: moved up from the previous one, or built. */
  function recall(stream: string): Route<T> | undefined {
    let route = previous.get(stream);
    if (route !== undefined) previous.delete(stream);
    else {
      misses++;
      if (!seen.has(stream)) {
        if (seen.size >= generationSize) seen = new Set();
        seen.add(stream);
        return undefined;
      }
      seen.delete(stream);
      route = build(stream);
    }
    if (current.size >= generationSize) {
      previous = current;
      current = new Map();
    }
    current.set(stream, route);
    return route;
  }

  function build(stream: string): Route<T> {
    const entries = walk(stream);
    let filtered = false;
    for (const entry of entries) if (entry.types !== undefined) filtered = true;
    return filtered
      ? { all: undefined, entries, byType: new Map() }
      : { all: freeze(entries.map((entry) => entry.value)), entries: NONE, byType: undefined };
  }

  function forType(route: Route<T>, type: string): readonly T[] {
    const list = freeze(valuesFor(route.entries, type));
    const byType = route.byType as Map<string, readonly T[]>;
    if (byType.size < TYPES_PER_ROUTE) byType.set(type, list);
    return list;
  }

  return {
    get(stream, type) {
      if (++lookups === WINDOW) {
        if (bypass > 0) bypass--;
        else if (misses * 2 > WINDOW && previous.size > 0) bypass = BYPASS_WINDOWS;
        lookups = 0;
        misses = 0;
      }
      if (bypass > 0) return freeze(valuesFor(walk(stream), type));
      const route = current.get(stream) ?? recall(stream);
      if (route === undefined) return freeze(valuesFor(walk(stream), type));
      if (route.all !== undefined) return route.all;
      return (route.byType as Map<string, readonly T[]>).get(type) ?? forType(route, type);
    },
    forgetStream(stream) {
      current.delete(stream);
      previous.delete(stream);
    },
    forgetAll() {
      current = new Map();
      previous = new Map();
      seen = new Set();
    },
    get size() {
      return current.size + previous.size;
    },
  };
}

function valuesFor<T>(entries: ReadonlyArray<RoutedEntry<T>>, type: string): T[] {
  const values: T[] = [];
  for (const entry of entries) if (entry.types === undefined || wantsType(entry.types, type)) values.push(entry.value);
  return values;
}

function freeze<T>(values: T[]): readonly T[] {
  return values.length === 0 ? NONE : Object.freeze(values);
}
