/**
 * The JSON shapes of the HoloMUSH WASM ABI (docs/wasm-abi.md), as the guest
 * sees them: @holomush/proto's wire types (its dependency-free `/wire` entry:
 * the JS PDK runs in QuickJS, not against the protobuf runtime), under this
 * PDK's names, plus the author conveniences (payloads as objects, typed events).
 */
import {
  type ErrorCode,
  type GuestCommandOutput,
  type GuestCommandRequest,
  type GuestCommandStatus,
  type GuestEmitEvent,
  type GuestErrorBody,
  type GuestEvent,
  type GuestEventResult,
  type GuestHistoryEntry,
  type GuestKvEntry,
  WasmActorKind,
} from "@holomush/proto/wire";

export type { ErrorCode, GuestEvent };

/** Actor kinds (docs/wasm-abi.md): @holomush/proto's WasmActorKind. */
export const ActorKind = WasmActorKind;
/** One of the ActorKind codes. */
export type ActorKind = WasmActorKind;

/** What a handler receives: the event with its payload parsed. */
export interface TypedEvent<P = Record<string, unknown>> extends Omit<GuestEvent, "payload"> {
  /** Parsed payload; `{}` when it was empty or not JSON (see `payloadText`). */
  payload: Partial<P>;
  /** The payload as it arrived, JSON text. */
  payloadText: string;
}

/** An event to publish; `payload` may be an object (serialised for you) or JSON text. */
export interface EmitInit extends Omit<GuestEmitEvent, "payload"> {
  /** The payload: an object, or JSON text. */
  payload?: string | Record<string, unknown>;
}

/** The answer to a cancellable (intercepted) event: cancel it, or replace its payload. */
export interface EventResult extends Omit<GuestEventResult, "payload"> {
  /** Replacement payload (object or JSON text). */
  payload?: string | Record<string, unknown>;
}

/** What an event handler returns: events to publish and, for cancellable events, a result. */
export interface Outcome {
  /** Events to publish with the plugin as actor. */
  events?: EmitInit[];
  /** Read only for intercepted (cancellable) events. */
  result?: EventResult;
}

/** handle_command input: the CommandRequest with proto field names (@holomush/proto's GuestCommandRequest). */
export type CommandRequest = GuestCommandRequest;

/** ok, or error (the player's fault), failure (the service degraded), fatal (the dispatch failed). */
export type CommandStatus = GuestCommandStatus;

/** handle_command output; events may carry object payloads. */
export interface CommandResponse extends Omit<GuestCommandOutput, "events"> {
  /** Events to publish with the plugin as actor. */
  events?: EmitInit[];
}

/** A host function's error answer: a stable code and a message. */
export type HostErrorBody = GuestErrorBody;

/** A key and its value in the plugin's KV store. */
export type KvEntry = GuestKvEntry;

/** One event of a stream's history, with the cursor of its position. */
export type HistoryEntry = GuestHistoryEntry;
