/**
 * What a plugin may ask of the host. Every runtime (in-process objects, WASM
 * host functions, the process runtime's PluginHostService) goes through one
 * PluginHostApi bound to the calling plugin: identity comes from the binding,
 * never from the request, and every call passes the authorizer.
 */
import type { FocusKey, LogLevel } from "@holomush/proto";
import type { HistoryPage } from "../storage/event-store.js";
import type { EmitEventInit } from "./runtime.js";

export interface KvEntry {
  key: string;
  value: Uint8Array;
}

export interface KvPage {
  entries: KvEntry[];
  /** Set when more entries follow. */
  nextPageToken: string;
}

export interface HistoryQuery {
  stream: string;
  /** Negative is invalid; 0 means 50; above 500 is clamped to 500. */
  count?: number;
  /** Only events at or after this Unix-ms time; 0 means no bound. */
  notBeforeMs?: number;
  /** Opaque cursor from a previous page; continues toward older events. */
  cursor?: string;
}

export interface FocusTarget {
  kind: FocusKey["kind"];
  targetId: string;
}

export interface PluginHostApi {
  /** The plugin this API is bound to. */
  readonly pluginName: string;
  emit(events: EmitEventInit[]): Promise<string[]>;
  log(level: LogLevel, message: string, fields?: Record<string, string>): void;
  kvGet(key: string): Promise<Uint8Array | undefined>;
  kvSet(key: string, value: Uint8Array): Promise<void>;
  kvDelete(key: string): Promise<boolean>;
  kvList(prefix: string, pageSize?: number, pageToken?: string): Promise<KvPage>;
  joinFocus(sessionId: string, target: FocusTarget): Promise<string[]>;
  leaveFocus(sessionId: string, target: FocusTarget): Promise<boolean>;
  leaveFocusByTarget(target: FocusTarget, characterId?: string): Promise<number>;
  presentFocus(sessionId: string, target: FocusTarget): Promise<void>;
  queryStreamHistory(query: HistoryQuery): Promise<HistoryPage>;
  /**
   * One unary call to a service the plugin `requires` (host- or
   * plugin-provided), as protobuf binary; refused unless authorized.
   */
  callService(service: string, method: string, request: Uint8Array, signal?: AbortSignal): Promise<Uint8Array>;
}
