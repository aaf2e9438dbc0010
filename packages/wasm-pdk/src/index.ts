// @holomush/wasm-pdk: typed HoloMUSH plugins over the Extism JS PDK.
export {
  ActorKind,
  type CommandRequest,
  type CommandResponse,
  type CommandStatus,
  type EmitInit,
  type ErrorCode,
  type EventResult,
  type GuestEvent,
  type HistoryEntry,
  type HostErrorBody,
  type KvEntry,
  type Outcome,
  type TypedEvent,
} from "./abi-types.js";
export { type CommandHandler, type EventHandler, encodeEmit, onCommand, onEvent, toTypedEvent } from "./handlers.js";
export { HostCallError, host, type LogLevel } from "./host.js";
export type { JsPdkGlobals, JsPdkHostFunction, JsPdkMemoryHandle } from "./js-pdk-globals.js";
