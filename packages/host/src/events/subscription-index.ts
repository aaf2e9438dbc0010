/**
 * Routes (stream, type) to the subscriptions that want it without scanning
 * every subscription per event:
 *
 * - exact patterns (no `*`) live in a Map keyed by the stream;
 * - a pattern with a `*` is filed under its literal prefix (the text before
 *   the first `*`). A trailing-only `*` (`character:*`, `*`) matches every
 *   stream with that prefix; other patterns (`scene:*:ic`, `*:ooc`) are
 *   compiled when added (compileStreamPattern) and checked with
 *   matchCompiledPattern, but only for streams with that prefix;
 * - prefixes are found three ways: the empty prefix (`*`, `*:ooc`) is one
 *   bucket; prefixes ending in `:` (the usual `namespace:*`, `scene:<id>:*`)
 *   form a tree with one segment (`scene:`, `<id>:`) per level, walked along
 *   the stream's segments until a level has no node; any other prefix
 *   (`loc*`) hangs off a character trie walked along the stream.
 *
 * The cost per event is at most one exact lookup, one lookup per `:` in the
 * stream and a trie walk as long as the stream's common prefix with an
 * irregular prefix, whatever the number of subscriptions. Lookups that miss
 * are not free (with 10,000 subscriptions the exact Map falls out of the near
 * caches), so the exact lookup is skipped when a small counting table of key
 * "shapes" (length, first and last character) has no key of the stream's
 * shape. Segment lookups use one segment per level rather than the whole
 * prefix: V8 copies substrings under 13 characters, which hash and compare in
 * generated code, but makes slices of longer ones, which go to the runtime.
 * Type filters (empty types = every type) are checked after the stream
 * matched; entries with the same type list share one filter, which stays
 * cached.
 *
 * That walk runs once per stream: its answer is remembered per full stream
 * name (route-cache.ts), so an event on a stream seen before is one Map
 * lookup whatever the number of subscriptions.
 *
 * Result order is deterministic, not global insertion order: exact matches,
 * then the empty-prefix list, then `:`-ended prefixes from shortest to
 * longest, then trie prefixes from shortest to longest; insertion order
 * within each list (trailing-`*` and other patterns of one prefix share it).
 */
import { createRouteCache, type RoutedEntry } from "./route-cache.js";
import {
  type CompiledStreamPattern,
  compileStreamPattern,
  matchCompiledPattern,
  normalizeStreamPattern,
} from "./stream-pattern.js";
import { createTypeFilters, type TypeFilter, wantsType } from "./type-filter.js";

export interface SubscriptionIndex<T> {
  /** Adds a subscription; the returned function removes it (idempotent). */
  add(pattern: string, types: readonly string[], value: T): () => void;
  /**
   * Every entry matching the stream and type, once per entry, in a deterministic order (see above).
   * The list is frozen and may be shared between calls: never mutate it.
   */
  match(stream: string, type: string): readonly T[];
  /** Number of entries. */
  readonly size: number;
}

/**
 * One subscription. Entries sharing a place form a singly linked list in
 * insertion order: no array between the Map and the entry keeps lookups to
 * as few memory loads as possible (the 10k-subscription case is cache-bound).
 */
interface Entry<T> extends RoutedEntry<T> {
  /** Shared by every entry with the same type list; undefined means every type. */
  readonly types: TypeFilter | undefined;
  /** The compiled pattern when there is more after its first `*` (`scene:*:ic`): confirm the match with it. */
  wild: CompiledStreamPattern | undefined;
  next: Entry<T> | undefined;
}

interface TrieNode<T> {
  children: Map<number, TrieNode<T>> | undefined;
  head: Entry<T> | undefined;
}

/** A `:`-ended prefix, one segment (`scene:`, `12:`) per level; emptied nodes are pruned. */
interface SegmentNode<T> {
  children: Map<string, SegmentNode<T>> | undefined;
  head: Entry<T> | undefined;
  parent: SegmentNode<T> | undefined;
  /** This node's segment, its key in the parent's children. */
  segment: string;
}

/** Where a pattern's list lives; `shape` indexes the exact shape table. */
type Place<T> =
  | { kind: "exact"; key: string; shape: number }
  | { kind: "any" }
  | { kind: "segment"; node: SegmentNode<T> }
  | { kind: "trie"; node: TrieNode<T> };

const SHAPE_MASK = 1023;

/** A 10-bit digest of a stream's length, first and last character (NaN for "" counts as 0). */
function exactShape(text: string): number {
  const hash =
    Math.imul(Math.imul(text.length, 0x01000193) ^ text.charCodeAt(0), 0x01000193) ^ text.charCodeAt(text.length - 1);
  return (hash ^ (hash >>> 15)) & SHAPE_MASK;
}

export interface SubscriptionIndexOptions {
  /** Streams whose routing answer is remembered (route-cache.ts); 0 walks the index on every match. Default 16,384. */
  routeCacheSize?: number;
}

const DEFAULT_ROUTE_CACHE_SIZE = 16_384;

export function createSubscriptionIndex<T>(options: SubscriptionIndexOptions = {}): SubscriptionIndex<T> {
  const exact = new Map<string, Entry<T>>();
  let anyHead: Entry<T> | undefined;
  /** How many exact lists have a key of each shape: 0 means "don't probe". */
  const exactShapes = new Int32Array(SHAPE_MASK + 1);
  const segments: SegmentNode<T> = { children: undefined, head: undefined, parent: undefined, segment: "" };
  const trie: TrieNode<T> = { children: undefined, head: undefined };
  const typeFilters = createTypeFilters();
  const cacheSize = options.routeCacheSize ?? DEFAULT_ROUTE_CACHE_SIZE;
  const cache = cacheSize > 0 ? createRouteCache<T>(cacheSize, (stream) => walk(stream, undefined)) : undefined;
  let size = 0;

  function trieNode(prefix: string): TrieNode<T> {
    let node = trie;
    for (let i = 0; i < prefix.length; i++) {
      const code = prefix.charCodeAt(i);
      let child = node.children?.get(code);
      if (child === undefined) {
        child = { children: undefined, head: undefined };
        node.children ??= new Map();
        node.children.set(code, child);
      }
      node = child;
    }
    return node;
  }

  function segmentNode(prefix: string): SegmentNode<T> {
    let node = segments;
    for (let start = 0, end = prefix.indexOf(":") + 1; end > 0; start = end, end = prefix.indexOf(":", end) + 1) {
      const segment = prefix.slice(start, end);
      let child = node.children?.get(segment);
      if (child === undefined) {
        child = { children: undefined, head: undefined, parent: node, segment };
        node.children ??= new Map();
        node.children.set(segment, child);
      }
      node = child;
    }
    return node;
  }

  /** Unlinks emptied segment nodes, so ids that come and go (`scene:<id>:*`) leave nothing behind. */
  function pruneSegments(node: SegmentNode<T>): void {
    for (let parent = node.parent; parent !== undefined; node = parent, parent = node.parent) {
      if (node.head !== undefined || (node.children !== undefined && node.children.size > 0)) return;
      parent.children?.delete(node.segment);
    }
  }

  function placeOf(pattern: string): Place<T> {
    const star = pattern.indexOf("*");
    if (star === -1) return { kind: "exact", key: pattern, shape: exactShape(pattern) };
    if (star === 0) return { kind: "any" };
    const prefix = pattern.slice(0, star);
    if (prefix.endsWith(":")) return { kind: "segment", node: segmentNode(prefix) };
    // Empty trie nodes stay in place once created: prefixes tend to come back.
    return { kind: "trie", node: trieNode(prefix) };
  }

  function headOf(place: Place<T>): Entry<T> | undefined {
    switch (place.kind) {
      case "exact":
        return exact.get(place.key);
      case "any":
        return anyHead;
      case "segment":
        return place.node.head;
      case "trie":
        return place.node.head;
    }
  }

  /** Replaces a list's head; `change` (exact lists) is +1 when the list appears, -1 when it goes, else 0. */
  function setHead(place: Place<T>, head: Entry<T> | undefined, change: number): void {
    switch (place.kind) {
      case "any":
        anyHead = head;
        return;
      case "trie":
        place.node.head = head;
        return;
      case "exact":
        if (head === undefined) exact.delete(place.key);
        else exact.set(place.key, head);
        exactShapes[place.shape] = (exactShapes[place.shape] ?? 0) + change;
        return;
      case "segment":
        place.node.head = head;
        if (head === undefined) pruneSegments(place.node);
        return;
    }
  }

  function add(rawPattern: string, types: readonly string[], value: T): () => void {
    const pattern = normalizeStreamPattern(rawPattern);
    const star = pattern.indexOf("*");
    const entry: Entry<T> = {
      value,
      types: typeFilters.acquire(types),
      wild: star !== -1 && star !== pattern.length - 1 ? compileStreamPattern(pattern) : undefined,
      next: undefined,
    };
    const place = placeOf(pattern);
    let last = headOf(place);
    if (last === undefined) setHead(place, entry, 1);
    else {
      while (last.next !== undefined) last = last.next;
      last.next = entry;
    }
    size++;
    forget(place);
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      size--;
      typeFilters.release(entry.types);
      forget(place);
      const head = headOf(place);
      if (head === entry) {
        setHead(place, entry.next, entry.next === undefined ? -1 : 0);
        return;
      }
      for (let before = head; before !== undefined; before = before.next) {
        if (before.next === entry) {
          before.next = entry.next;
          return;
        }
      }
    };
  }

  /** Drops the remembered answers a change at this place can alter: one stream for an exact pattern, else all. */
  function forget(place: Place<T>): void {
    if (cache === undefined) return;
    if (place.kind === "exact") cache.forgetStream(place.key);
    else cache.forgetAll();
  }

  function match(stream: string, type: string): readonly T[] {
    if (cache !== undefined) return cache.get(stream, type);
    return walk(stream, type).map((entry) => entry.value);
  }

  /** The entries matching the stream (and the type, unless undefined), in routing order. */
  function walk(stream: string, type: string | undefined): Array<Entry<T>> {
    const found: Array<Entry<T>> = [];
    if (exactShapes[exactShape(stream)] !== 0) {
      const head = exact.get(stream);
      if (head !== undefined) collect(head, stream, type, found);
    }
    if (anyHead !== undefined) collect(anyHead, stream, type, found);
    let segment = segments;
    for (let start = 0, end = stream.indexOf(":") + 1; end > 0; start = end, end = stream.indexOf(":", end) + 1) {
      const child = segment.children?.get(stream.slice(start, end));
      if (child === undefined) break;
      if (child.head !== undefined) collect(child.head, stream, type, found);
      segment = child;
    }
    let node = trie.children === undefined ? undefined : trie.children.get(stream.charCodeAt(0));
    for (let depth = 1; node !== undefined; depth++) {
      if (node.head !== undefined) collect(node.head, stream, type, found);
      if (depth >= stream.length || node.children === undefined) break;
      node = node.children.get(stream.charCodeAt(depth));
    }
    return found;
  }

  return {
    add,
    match,
    get size() {
      return size;
    },
  };
}

/** Appends a list's entries that want this type (any, when undefined) and, for wild ones, match. */
function collect<T>(head: Entry<T>, stream: string, type: string | undefined, found: Array<Entry<T>>): void {
  for (let entry: Entry<T> | undefined = head; entry !== undefined; entry = entry.next) {
    if (type !== undefined && entry.types !== undefined && !wantsType(entry.types, type)) continue;
    if (entry.wild !== undefined && !matchCompiledPattern(entry.wild, stream)) continue;
    found.push(entry);
  }
}
