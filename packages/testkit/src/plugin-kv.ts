/**
 * A plugin's KV namespace read (and seeded) directly through the host's
 * KvStore — the same data the plugin reaches with kvGet/kvSet, without going
 * through its authorization.
 */
import { KV_LIMITS, type KvEntry, type KvStore } from "@holomush/host";

/** One plugin's KV store in the test host, to seed and inspect what the plugin stores. */
export interface PluginKv {
  /** The raw value, or undefined when the key is absent. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** The value decoded as UTF-8. */
  getText(key: string): Promise<string | undefined>;
  /** The value decoded as UTF-8 JSON. */
  getJson(key: string): Promise<unknown>;
  /** Seeds a value (a string is stored as UTF-8). */
  set(key: string, value: Uint8Array | string): Promise<void>;
  /** Deletes a key; true when it existed. */
  delete(key: string): Promise<boolean>;
  /** Every entry whose key starts with `prefix` (all pages), in key order. Default prefix "". */
  list(prefix?: string): Promise<KvEntry[]>;
  /** The keys of `list(prefix)`. */
  keys(prefix?: string): Promise<string[]>;
}

export function createPluginKv(store: KvStore, plugin: string): PluginKv {
  const decoder = new TextDecoder();

  async function getText(key: string): Promise<string | undefined> {
    const value = await store.get(plugin, key);
    return value === undefined ? undefined : decoder.decode(value);
  }

  async function list(prefix = ""): Promise<KvEntry[]> {
    const entries: KvEntry[] = [];
    let pageToken: string | undefined;
    do {
      const page = await store.list(plugin, prefix, KV_LIMITS.maxPageSize, pageToken);
      entries.push(...page.entries);
      pageToken = page.nextPageToken === "" ? undefined : page.nextPageToken;
    } while (pageToken !== undefined);
    return entries;
  }

  return {
    get: (key) => store.get(plugin, key),
    getText,
    async getJson(key) {
      const text = await getText(key);
      return text === undefined ? undefined : JSON.parse(text);
    },
    set: (key, value) => store.set(plugin, key, typeof value === "string" ? new TextEncoder().encode(value) : value),
    delete: (key) => store.delete(plugin, key),
    list,
    keys: async (prefix) => (await list(prefix)).map((entry) => entry.key),
  };
}
