/**
 * KvClient: the plugin's own namespaced key-value store (the "KV
 * store"), through PluginHostService. The host binds the namespace to the
 * plugin's token: nothing here can name another plugin's keys.
 */
import { toHostCallError } from "./host-call-error.js";
import type { HostCalls } from "./host-requests.js";

/** One page of KvClient.list: entries in key order and the token of the next page. */
export interface KvListPage {
  entries: { key: string; value: Uint8Array }[];
  /** Pass to the next `list` call; empty when there are no more entries. */
  nextPageToken: string;
}

/** The plugin's own key-value store in the host (KvClientAware); keys are scoped to the plugin. */
export interface KvClient {
  /** The value, or undefined when the key does not exist. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** The value as UTF-8 text, or undefined. */
  getText(key: string): Promise<string | undefined>;
  /** Writes a value (bytes, or text stored as UTF-8); resolves once the host stored it durably. */
  set(key: string, value: Uint8Array | string): Promise<void>;
  /** True when the key existed. */
  delete(key: string): Promise<boolean>;
  /** One page of keys with this prefix, in key order (pageSize 1-1000, default 100). */
  list(prefix: string, options?: { pageSize?: number; pageToken?: string }): Promise<KvListPage>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A KvClient over PluginHostService's KV calls; host refusals become HostCallError. */
export function createKvClient(host: HostCalls): KvClient {
  const call = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw toHostCallError(error);
    }
  };
  const get = (key: string) =>
    call(async () => {
      const reply = await host.kvGet({ key });
      return reply.found ? reply.value : undefined;
    });
  return {
    get,
    async getText(key) {
      const value = await get(key);
      return value === undefined ? undefined : decoder.decode(value);
    },
    set: (key, value) =>
      call(async () => {
        await host.kvSet({ key, value: typeof value === "string" ? encoder.encode(value) : value });
      }),
    delete: (key) => call(async () => (await host.kvDelete({ key })).deleted),
    list: (prefix, options = {}) =>
      call(async () => {
        const reply = await host.kvList({
          prefix,
          pageSize: options.pageSize ?? 0,
          pageToken: options.pageToken ?? "",
        });
        return {
          entries: reply.entries.map(({ key, value }) => ({ key, value })),
          nextPageToken: reply.nextPageToken,
        };
      }),
  };
}
