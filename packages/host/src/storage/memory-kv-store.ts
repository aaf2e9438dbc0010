/**
 * The in-memory KvStore engine, for tests, the testkit and the demo host.
 * Each namespace keeps a Map for lookups and a key array sorted in UTF-8
 * byte order for listing; values are copied on the way in and out so no
 * caller can mutate stored bytes.
 */
import { HostError, HostErrorCode } from "../errors.js";
import {
  checkKvKey,
  checkKvNamespace,
  checkKvValue,
  compareKvKeys,
  decodeKvPageToken,
  encodeKvPageToken,
  resolveKvPageSize,
} from "./kv-rules.js";
import type { KvEntry, KvPage, KvStore } from "./kv-store.js";

interface Namespace {
  values: Map<string, Uint8Array>;
  /** Every key of `values`, in byte order. */
  sorted: string[];
}

/** An in-memory KvStore (tests, the testkit, the demo host); values are copied in and out. */
export function createMemoryKvStore(): KvStore {
  const namespaces = new Map<string, Namespace>();
  let closed = false;

  function open(namespace: string, create: true): Namespace;
  function open(namespace: string, create: false): Namespace | undefined;
  function open(namespace: string, create: boolean): Namespace | undefined {
    if (closed) throw new HostError(HostErrorCode.STORAGE_UNAVAILABLE, "KV store is closed");
    checkKvNamespace(namespace);
    let space = namespaces.get(namespace);
    if (!space && create) {
      space = { values: new Map(), sorted: [] };
      namespaces.set(namespace, space);
    }
    return space;
  }

  return {
    async get(namespace, key) {
      const space = open(namespace, false);
      checkKvKey(key);
      const value = space?.values.get(key);
      return value === undefined ? undefined : value.slice();
    },

    async set(namespace, key, value) {
      const space = open(namespace, true);
      checkKvKey(key);
      checkKvValue(value);
      if (!space.values.has(key)) space.sorted.splice(lowerBound(space.sorted, key), 0, key);
      space.values.set(key, value.slice());
    },

    async delete(namespace, key) {
      const space = open(namespace, false);
      checkKvKey(key);
      if (!space?.values.delete(key)) return false;
      space.sorted.splice(lowerBound(space.sorted, key), 1);
      if (space.values.size === 0) namespaces.delete(namespace);
      return true;
    },

    async list(namespace, prefix, pageSize, pageToken) {
      const space = open(namespace, false);
      checkKvKey(prefix, "prefix", true);
      const size = resolveKvPageSize(pageSize);
      const after = pageToken ? decodeKvPageToken(pageToken, prefix) : undefined;
      if (!space) return { entries: [], nextPageToken: "" };
      return listPage(space, prefix, size, after);
    },

    async close() {
      closed = true;
      namespaces.clear();
    },
  };
}

function listPage(space: Namespace, prefix: string, size: number, after: string | undefined): KvPage {
  const { sorted, values } = space;
  let index = after === undefined ? lowerBound(sorted, prefix) : upperBound(sorted, after);
  const entries: KvEntry[] = [];
  while (index < sorted.length && entries.length < size) {
    const key = sorted[index++];
    if (!key.startsWith(prefix)) break;
    entries.push({ key, value: values.get(key)!.slice() });
  }
  const more = index < sorted.length && sorted[index].startsWith(prefix);
  const last = entries.at(-1);
  return { entries, nextPageToken: more && last ? encodeKvPageToken(prefix, last.key) : "" };
}

/** First index whose key is >= `key`. */
function lowerBound(sorted: readonly string[], key: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareKvKeys(sorted[mid], key) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** First index whose key is > `key`. */
function upperBound(sorted: readonly string[], key: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareKvKeys(sorted[mid], key) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}
