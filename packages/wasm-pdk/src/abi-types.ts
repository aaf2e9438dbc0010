/**
 * The JSON shapes of the HoloMUSH WASM ABI (docs/wasm-abi.md), as the guest
 * sees them. Plain interfaces: the JS PDK runs in QuickJS, not against the
 * protobuf runtime.
 */

/** Actor kinds (docs/wasm-abi.md). */
export const ActorKind = { character: 0, system: 1, plugin: 2 } as const;
/** One of the ActorKind codes. */
export type ActorKind = (typeof ActorKind)[keyof typeof ActorKind];

/** handle_event input (docs/wasm-abi.md), payload still a JSON string. */
export interface GuestEvent {
  /** The event's id (a ULID). */
  id: string;
  /** The stream it was published to, e.g. `location:lobby`. */
  stream: string;
  /** The event type, e.g. `say`. */
  type: string;
  /** When it was published, Unix ms. */
  timestamp: number;
  /** Who published it (ActorKind code). */
  actor_kind: ActorKind;
  /** The publishing character's, plugin's or system's id. */
  actor_id: string;
  /** The payload as JSON text. */
  payload: string;
}

/** What a handler receives: the event with its payload parsed. */
export interface TypedEvent<P = Record<string, unknown>> extends Omit<GuestEvent, "payload"> {
  /** Parsed payload; `{}` when it was empty or not JSON (see `payloadText`). */
  payload: Partial<P>;
  /** The payload as it arrived, JSON text. */
  payloadText: string;
}

/** An event to publish; `payload` may be an object (serialised for you) or JSON text. */
export interface EmitInit {
  stream: string;
  type: string;
  payload?: string | Record<string, unknown>;
}

/** The answer to a cancellable (intercepted) event: cancel it, or replace its payload. */
export interface EventResult {
  /** True drops the event. */
  cancel?: boolean;
  /** Replacement payload (object or JSON text). */
  payload?: string | Record<string, unknown>;
  /** Why, for the host's log. */
  reason?: string;
}

/** What an event handler returns: events to publish and, for cancellable events, a result. */
export interface Outcome {
  /** Events to publish with the plugin as actor. */
  events?: EmitInit[];
  /** Read only for intercepted (cancellable) events. */
  result?: EventResult;
}

/** handle_command input: the CommandRequest with proto field names. */
export interface CommandRequest {
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

/** ok, or error (the player's fault), failure (the service degraded), fatal (the dispatch failed). */
export type CommandStatus = "ok" | "error" | "failure" | "fatal";

/** handle_command output. */
export interface CommandResponse {
  /** The outcome. */
  status: CommandStatus;
  /** Text shown to the invoking character. */
  output: string;
  /** Events to publish with the plugin as actor. */
  events?: EmitInit[];
}

/** A host function's error answer: a stable code and a message. */
export interface HostErrorBody {
  /** The stable code, e.g. `PERMISSION_DENIED`. */
  code: string;
  /** For people. */
  message: string;
}

/** A key and its value in the plugin's KV store. */
export interface KvEntry {
  /** The key. */
  key: string;
  /** The value, UTF-8 text. */
  value: string;
}

/** One event of a stream's history, with the cursor of its position. */
export interface HistoryEntry {
  /** The stored event. */
  event: GuestEvent;
  /** Pass as `cursor` to continue from this event. */
  cursor: string;
}
