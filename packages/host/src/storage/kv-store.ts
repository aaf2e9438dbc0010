/**
 * The KV storage seam. Namespaces are bound by the host (one per plugin);
 * a store never sees a request without one. Implementations: in-memory here,
 * PostgreSQL and PGlite in the storage issue.
 */

/** A key and its value in a plugin's KV store. */
export interface KvEntry {
  key: string;
  value: Uint8Array;
}

/** One page of a KV listing, in key order. */
export interface KvPage {
  entries: KvEntry[];
  /** Set when more entries follow. */
  nextPageToken: string;
}

/** The KV storage seam; the host binds one namespace per plugin. Limits: KV_LIMITS. */
export interface KvStore {
  /** The value, or undefined when the key is absent. */
  get(namespace: string, key: string): Promise<Uint8Array | undefined>;
  /** Resolves only once the write is durable for the engine. */
  set(namespace: string, key: string, value: Uint8Array): Promise<void>;
  /** Deletes a key; true when it existed. */
  delete(namespace: string, key: string): Promise<boolean>;
  /** Keys in byte order; `pageToken` is opaque and only valid for the same prefix. */
  list(namespace: string, prefix: string, pageSize: number, pageToken?: string): Promise<KvPage>;
  /** Releases the engine's resources. */
  close?(): Promise<void>;
}

/** Key rules shared by every engine. */
export const KV_LIMITS = {
  maxKeyBytes: 512,
  maxValueBytes: 1024 * 1024,
  defaultPageSize: 100,
  maxPageSize: 1000,
} as const;
