/**
 * The JSON shapes of the HoloMUSH WASM ABI (docs/wasm-abi.md), as the guest
 * sees them. Plain interfaces: the JS PDK runs in QuickJS, not against the
 * protobuf runtime.
 */

/** Seed 000 actor kinds. */
export const ActorKind = { character: 0, system: 1, plugin: 2 } as const;
export type ActorKind = (typeof ActorKind)[keyof typeof ActorKind];

/** handle_event input (seed 000), payload still a JSON string. */
export interface GuestEvent {
  id: string;
  stream: string;
  type: string;
  timestamp: number;
  actor_kind: ActorKind;
  actor_id: string;
  payload: string;
}

/** What a handler receives: the event with its payload parsed. */
export interface TypedEvent<P = Record<string, unknown>> extends Omit<GuestEvent, "payload"> {
  /** Parsed payload; `{}` when it was empty or not JSON (see `payloadText`). */
  payload: Partial<P>;
  payloadText: string;
}

/** An event to publish; `payload` may be an object (serialised for you) or JSON text. */
export interface EmitInit {
  stream: string;
  type: string;
  payload?: string | Record<string, unknown>;
}

export interface EventResult {
  cancel?: boolean;
  /** Replacement payload (object or JSON text). */
  payload?: string | Record<string, unknown>;
  reason?: string;
}

export interface Outcome {
  events?: EmitInit[];
  result?: EventResult;
}

/** handle_command input: the CommandRequest with proto field names. */
export interface CommandRequest {
  command: string;
  args: string;
  character_id: string;
  character_name: string;
  location_id: string;
  session_id: string;
  player_id: string;
  invoked_as: string;
}

export type CommandStatus = "ok" | "error" | "failure" | "fatal";

export interface CommandResponse {
  status: CommandStatus;
  output: string;
  events?: EmitInit[];
}

export interface HostErrorBody {
  code: string;
  message: string;
}

export interface KvEntry {
  key: string;
  value: string;
}

export interface HistoryEntry {
  event: GuestEvent;
  cursor: string;
}
