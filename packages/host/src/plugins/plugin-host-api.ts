/**
 * What a plugin may ask of the host. Every runtime (in-process objects, WASM
 * host functions, the process runtime's PluginHostService) goes through one
 * PluginHostApi bound to the calling plugin: identity comes from the binding,
 * never from the request, and every call passes the authorizer.
 */
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { EmitEventSchema, FocusKey, LogLevel } from "@holomush/proto";
import type { HistoryPage } from "../storage/event-store.js";
import type { KvPage } from "../storage/kv-store.js";

// The KV page types are the storage seam's; plugins see them here too.
export type { KvEntry, KvPage } from "../storage/kv-store.js";

/** Which page of a stream's stored events to read. */
export interface HistoryQuery {
  stream: string;
  /** Negative is invalid; 0 means 50; above 500 is clamped to 500. */
  count?: number;
  /** Only events at or after this Unix-ms time; 0 means no bound. */
  notBeforeMs?: number;
  /** Opaque cursor from a previous page; continues toward older events. */
  cursor?: string;
}

/** A focus target: its kind (e.g. `scene`) and that kind's target id. */
export interface FocusTarget {
  kind: FocusKey["kind"];
  targetId: string;
}

/** What a plugin may ask of the host, bound to the calling plugin; every call passes the authorizer. */
export interface PluginHostApi {
  /** The plugin this API is bound to. */
  readonly pluginName: string;
  /** Publishes events as the plugin; each stream must be in the manifest's `emits`. Resolves with the new event ids. */
  emit(events: MessageInitShape<typeof EmitEventSchema>[]): Promise<string[]>;
  /** Writes to the host's log, tagged with the plugin. */
  log(level: LogLevel, message: string, fields?: Record<string, string>): void;
  /** The value in the plugin's own KV store, or undefined. */
  kvGet(key: string): Promise<Uint8Array | undefined>;
  /** Stores a value in the plugin's own KV store. */
  kvSet(key: string, value: Uint8Array): Promise<void>;
  /** Deletes a key; true when it existed. */
  kvDelete(key: string): Promise<boolean>;
  /** One page of the plugin's keys starting with `prefix`, in key order. */
  kvList(prefix: string, pageSize?: number, pageToken?: string): Promise<KvPage>;
  /** Joins a session to a focus target; resolves with the streams it now watches. */
  joinFocus(sessionId: string, target: FocusTarget): Promise<string[]>;
  /** Removes a session from a focus target; false when it was not a member. */
  leaveFocus(sessionId: string, target: FocusTarget): Promise<boolean>;
  /** Removes every session (or one character's) from a target; resolves with how many left. */
  leaveFocusByTarget(target: FocusTarget, characterId?: string): Promise<number>;
  /** Makes a joined target the one the session presents to. */
  presentFocus(sessionId: string, target: FocusTarget): Promise<void>;
  /** One page of a stream's stored events. */
  queryStreamHistory(query: HistoryQuery): Promise<HistoryPage>;
  /**
   * One unary call to a service the plugin `requires` (host- or
   * plugin-provided), as protobuf binary; refused unless authorized.
   */
  callService(service: string, method: string, request: Uint8Array, signal?: AbortSignal): Promise<Uint8Array>;
}
