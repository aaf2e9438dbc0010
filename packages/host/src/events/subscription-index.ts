/**
 * Routes (stream, type) to the subscriptions that want it without scanning
 * every subscription per event:
 *
 * - exact patterns (no `*`) live in a Map keyed by the stream;
 * - a pattern with a `*` is filed under its literal prefix (the text before
 *   the first `*`). A trailing-only `*` (`character:*`, `*`) matches every
 *   stream with that prefix; other patterns (`scene:*:ic`, `*:ooc`) are
 *   checked with matchStreamPattern, but only for streams with that prefix;
 * - prefixes are found three ways: the empty prefix (`*`, `*:ooc`) is one
 *   bucket; prefixes ending in `:` (the usual `namespace:*`, `scene:<id>:*`)
 *   sit in a Map probed once per `:` in the stream; any other prefix (`loc*`)
 *   hangs off a character trie walked along the stream.
 *
 * The cost per event is one Map lookup, one probe per `:` in the stream (up
 * to the deepest registered prefix) and a trie walk as long as the stream's
 * common prefix with an irregular prefix, whatever the number of
 * subscriptions. Type filters are checked after the stream matched (empty
 * types = every type).
 *
 * Result order is deterministic, not global insertion order: exact matches,
 * then the empty-prefix list, then `:`-ended prefixes from shortest to
 * longest, then trie prefixes from shortest to longest; insertion order
 * within each list (trailing-`*` and other patterns of one prefix share it).
 */
import { matchStreamPattern, normalizeStreamPattern } from "./stream-pattern.js";

export interface SubscriptionIndex<T> {
  /** Adds a subscription; the returned function removes it (idempotent). */
  add(pattern: string, types: readonly string[], value: T): () => void;
  /** Every entry matching the stream and type, once per entry, in a deterministic order (see above). */
  match(stream: string, type: string): T[];
  /** Number of entries. */
  readonly size: number;
}

/**
 * One subscription. Entries sharing a place form a singly linked list in
 * insertion order: no array between the Map and the entry keeps lookups to
 * as few memory loads as possible (the 10k-subscription case is cache-bound).
 */
interface Entry<T> {
  pattern: string;
  /** Undefined means every type. */
  types: ReadonlySet<string> | undefined;
  value: T;
  /** More after the first `*` (`scene:*:ic`): confirm with matchStreamPattern. */
  wild: boolean;
  next: Entry<T> | undefined;
}

interface TrieNode<T> {
  children: Map<number, TrieNode<T>> | undefined;
  head: Entry<T> | undefined;
}

/** Where a pattern's list lives. */
type Place<T> =
  | { kind: "exact"; key: string }
  | { kind: "any" }
  | { kind: "segment"; key: string }
  | { kind: "trie"; node: TrieNode<T> };

function colonCount(text: string): number {
  let count = 0;
  for (let i = text.indexOf(":"); i !== -1; i = text.indexOf(":", i + 1)) count++;
  return count;
}

export function createSubscriptionIndex<T>(): SubscriptionIndex<T> {
  const exact = new Map<string, Entry<T>>();
  let anyHead: Entry<T> | undefined;
  const segments = new Map<string, Entry<T>>();
  /** segmentDepths[n] = segment lists whose prefix has n colons; bounds the probes. */
  const segmentDepths: number[] = [];
  let maxSegmentDepth = 0;
  const trie: TrieNode<T> = { children: undefined, head: undefined };
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

  function placeOf(pattern: string): Place<T> {
    const star = pattern.indexOf("*");
    if (star === -1) return { kind: "exact", key: pattern };
    if (star === 0) return { kind: "any" };
    const prefix = pattern.slice(0, star);
    if (prefix.endsWith(":")) return { kind: "segment", key: prefix };
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
        return segments.get(place.key);
      case "trie":
        return place.node.head;
    }
  }

  function setHead(place: Place<T>, head: Entry<T> | undefined): void {
    switch (place.kind) {
      case "exact":
        if (head === undefined) exact.delete(place.key);
        else exact.set(place.key, head);
        return;
      case "any":
        anyHead = head;
        return;
      case "segment": {
        const had = segments.has(place.key);
        if (head !== undefined) segments.set(place.key, head);
        else segments.delete(place.key);
        if (had === (head !== undefined)) return;
        const depth = colonCount(place.key);
        segmentDepths[depth] = (segmentDepths[depth] ?? 0) + (head === undefined ? -1 : 1);
        maxSegmentDepth = segmentDepths.length - 1;
        while (maxSegmentDepth > 0 && !segmentDepths[maxSegmentDepth]) maxSegmentDepth--;
        return;
      }
      case "trie":
        place.node.head = head;
        return;
    }
  }

  function add(rawPattern: string, types: readonly string[], value: T): () => void {
    const pattern = normalizeStreamPattern(rawPattern);
    const star = pattern.indexOf("*");
    const entry: Entry<T> = {
      pattern,
      types: types.length === 0 ? undefined : new Set(types),
      value,
      wild: star !== -1 && star !== pattern.length - 1,
      next: undefined,
    };
    const place = placeOf(pattern);
    let last = headOf(place);
    if (last === undefined) setHead(place, entry);
    else {
      while (last.next !== undefined) last = last.next;
      last.next = entry;
    }
    size++;
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      size--;
      const head = headOf(place);
      if (head === entry) {
        setHead(place, entry.next);
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

  function match(stream: string, type: string): T[] {
    const found: T[] = [];
    const exactHead = exact.get(stream);
    if (exactHead !== undefined) collect(exactHead, stream, type, found);
    if (anyHead !== undefined) collect(anyHead, stream, type, found);
    if (maxSegmentDepth > 0) {
      let depth = 0;
      for (let i = stream.indexOf(":"); i !== -1 && depth < maxSegmentDepth; i = stream.indexOf(":", i + 1)) {
        depth++;
        const head = segments.get(stream.slice(0, i + 1));
        if (head !== undefined) collect(head, stream, type, found);
      }
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

/** Appends the values of a list's entries that want this type (and, for wild ones, match). */
function collect<T>(head: Entry<T>, stream: string, type: string, found: T[]): void {
  for (let entry: Entry<T> | undefined = head; entry !== undefined; entry = entry.next) {
    if (entry.types !== undefined && !entry.types.has(type)) continue;
    if (entry.wild && !matchStreamPattern(entry.pattern, stream)) continue;
    found.push(entry.value);
  }
}
