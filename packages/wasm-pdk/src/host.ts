/**
 * Typed helpers over the `extism:host/user` functions. Each must be granted
 * in plugin.yaml (`wasm-plugin.host-functions`) and declared in the
 * interface file given to extism-js (see interface.d.ts). A refusal or a
 * host failure comes back as a thrown HostCallError carrying the host's
 * stable code, never as an empty answer.
 */
import type { EmitInit, ErrorCode, HistoryEntry, HostErrorBody, KvEntry } from "./abi-types.js";
import { encodeEmit } from "./handlers.js";
import { pdk } from "./js-pdk-globals.js";

/** A host function answered with an error; `code` is its stable code (e.g. `STORAGE_UNAVAILABLE`). */
export class HostCallError extends Error {
  override readonly name = "HostCallError";
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

/** A level for host.log. */
export type LogLevel = "debug" | "info" | "warn" | "error";

function call<T>(name: string, request: object): T {
  const fn = pdk().Host.getFunctions()[name];
  if (!fn) throw new HostCallError("WASM_IMPORT_NOT_GRANTED", `${name} is not declared in the interface file`);
  const input = pdk().Memory.fromString(JSON.stringify(request));
  const answer = JSON.parse(pdk().Memory.find(fn(input.offset)).readString()) as T | { error: HostErrorBody };
  if (typeof answer === "object" && answer !== null && "error" in answer) {
    throw new HostCallError(answer.error.code, answer.error.message);
  }
  return answer as T;
}

/** The host functions (docs/wasm-abi.md), typed; each throws HostCallError when the host answers with an error. */
export const host = {
  /** Publishes with this plugin as actor after the call (through the host's emit fence). */
  emit(event: EmitInit): void {
    call("emit", encodeEmit(event));
  },
  /** Writes to the host's log, tagged with the plugin. */
  log(level: LogLevel, message: string, fields: Record<string, string> = {}): void {
    call("log", { level, message, fields });
  },
  /**
   * UTF-8 value, or undefined when the key does not exist. A host error
   * (STORAGE_UNAVAILABLE, PERMISSION_DENIED, ...) throws HostCallError: it is
   * never undefined, so it cannot be mistaken for "no value yet".
   */
  kvGet(key: string): string | undefined {
    const answer = call<{ found: boolean; value?: string }>("kv_get", { key });
    return answer.found ? answer.value : undefined;
  },
  /** Stores a value in the plugin's own KV store. */
  kvSet(key: string, value: string): void {
    call("kv_set", { key, value });
  },
  /** Deletes a key; true when it existed. */
  kvDelete(key: string): boolean {
    return call<{ deleted: boolean }>("kv_delete", { key }).deleted;
  },
  /** One page of keys starting with `prefix`, in key order; pass `nextPageToken` back for the next page. */
  kvList(prefix = "", pageSize?: number, pageToken?: string): { entries: KvEntry[]; nextPageToken: string } {
    const answer = call<{ entries: KvEntry[]; next_page_token: string }>("kv_list", {
      prefix,
      ...(pageSize === undefined ? {} : { page_size: pageSize }),
      ...(pageToken === undefined ? {} : { page_token: pageToken }),
    });
    return { entries: answer.entries, nextPageToken: answer.next_page_token };
  },
  /** Oldest first; `nextCursor` continues toward older events. */
  queryHistory(stream: string, count?: number, cursor?: string): { entries: HistoryEntry[]; nextCursor: string } {
    const answer = call<{ entries: HistoryEntry[]; next_cursor: string }>("query_history", {
      stream,
      ...(count === undefined ? {} : { count }),
      ...(cursor === undefined ? {} : { cursor }),
    });
    return { entries: answer.entries, nextCursor: answer.next_cursor };
  },
};
