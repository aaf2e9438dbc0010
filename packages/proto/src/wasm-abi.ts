/**
 * The JSON the HoloMUSH WASM ABI speaks (docs/wasm-abi.md): what the host
 * hands a guest's exports and host functions, and what it reads back. The
 * host (runtimes/wasm), @holomush/wasm-pdk and the testkit's JS-PDK stand-in
 * all use these types; the AssemblyScript PDK gets the constants as a
 * generated file (packages/wasm-pdk/assembly/abi.generated.ts), since
 * AssemblyScript cannot import TypeScript types. Dependency-free (no protobuf
 * runtime): guests bundle it. Field names are the proto names, snake_case.
 */
import type { ErrorCode } from "./error-code.js";

/** `actor_kind` as guests see it: 0 = character, 1 = system, 2 = plugin (the proto enum starts at UNSPECIFIED = 0). */
export const WasmActorKind = { character: 0, system: 1, plugin: 2 } as const;
/** One of the WasmActorKind codes. */
export type WasmActorKind = (typeof WasmActorKind)[keyof typeof WasmActorKind];

/** `handle_event` input: an event, its payload still JSON text. */
export interface GuestEvent {
  /** The event's id (a ULID). */
  id: string;
  /** The stream it was published to, e.g. `location:lobby`. */
  stream: string;
  /** The event type, e.g. `say`. */
  type: string;
  /** When it was published, Unix ms, as a JSON number (safe: ms timestamps stay below 2^53). */
  timestamp: number;
  /** Who published it (a WasmActorKind code). */
  actor_kind: WasmActorKind;
  /** The publishing character's, plugin's or system's id. */
  actor_id: string;
  /** The payload as JSON text. */
  payload: string;
}

/** An event a guest publishes (in an output or through the `emit` host function); the plugin is the actor. */
export interface GuestEmitEvent {
  /** The target stream. */
  stream: string;
  /** The event type. */
  type: string;
  /** The payload as JSON text (default `"{}"`), at most 64 KiB. */
  payload?: string;
}

/** The answer to a cancellable (intercepted) event. */
export interface GuestEventResult {
  /** True drops the event. */
  cancel?: boolean;
  /** Replacement payload, JSON text. */
  payload?: string;
  /** Why, for the host's log. */
  reason?: string;
}

/** `handle_event` output; no output, `{}` and `{"events":[]}` all mean "no action". */
export interface GuestEventOutput {
  /** Events to publish with the plugin as actor. */
  events?: GuestEmitEvent[];
  /** Read only for intercepted (cancellable) events. */
  result?: GuestEventResult;
}

/** `handle_command` input: the CommandRequest with proto field names, every field present. */
export interface GuestCommandRequest {
  /** The command's name as declared in plugin.yaml. */
  command: string;
  /** Everything after the command name. */
  args: string;
  /** The invoking character's id. */
  character_id: string;
  /** The invoking character's name. */
  character_name: string;
  /** The character's location id. */
  location_id: string;
  /** The invoking session's id. */
  session_id: string;
  /** The player's id. */
  player_id: string;
  /** The name typed, which may be an alias. */
  invoked_as: string;
}

/** The command statuses in `handle_command` output, as the CommandStatus enum's lower-case names. */
export const GuestCommandStatus = { ok: "ok", error: "error", failure: "failure", fatal: "fatal" } as const;
/** ok, or error (the player's fault), failure (the service degraded), fatal (the dispatch failed). */
export type GuestCommandStatus = (typeof GuestCommandStatus)[keyof typeof GuestCommandStatus];

/** `handle_command` output. */
export interface GuestCommandOutput {
  /** The outcome. */
  status: GuestCommandStatus;
  /** Text shown to the invoking character, at most 8192 bytes. */
  output: string;
  /** Events to publish with the plugin as actor. */
  events?: GuestEmitEvent[];
}

/** A host function's error: a stable code and a message. */
export interface GuestErrorBody {
  /** The stable code, e.g. `PERMISSION_DENIED`. */
  code: ErrorCode;
  /** For people. */
  message: string;
}

/** How a host function answers with an error: `{"error":{"code","message"}}`. */
export interface GuestError {
  /** The error. */
  error: GuestErrorBody;
}

/** A key and its value in the plugin's KV store (`kv_get`, `kv_list`). */
export interface GuestKvEntry {
  /** The key. */
  key: string;
  /** The value, UTF-8 text. */
  value: string;
}

/** One event of a stream's history (`query_history`), with the cursor of its position. */
export interface GuestHistoryEntry {
  /** The stored event. */
  event: GuestEvent;
  /** Pass as `cursor` to continue from this event. */
  cursor: string;
}
