// @holomush/wasm-pdk for AssemblyScript (over @extism/as-pdk). Same shape as
// the JS flavour: onEvent/onCommand wrappers and one typed helper per host
// function. ABI: docs/wasm-abi.md.
import { Host, Memory } from "@extism/as-pdk";
import { JsonKind, JsonValue, JsonWriter, parseJson, quote } from "./json";

export { JsonKind, JsonValue, JsonWriter, parseJson, quote } from "./json";

@external("extism:host/env", "length")
declare function extismLength(offset: u64): u64;

// The ABI's constants (actor kinds, statuses, error codes), generated from @holomush/proto.
export * from "./abi.generated";
import { ERROR_PLUGIN_OUTPUT_INVALID, STATUS_ERROR, STATUS_OK } from "./abi.generated";

export class Event {
  id: string = "";
  stream: string = "";
  type: string = "";
  timestamp: i64 = 0;
  actorKind: i32 = 0;
  actorId: string = "";
  /** The raw JSON payload text. */
  payloadText: string = "";
  /** The payload parsed (null when it is not valid JSON). */
  payload: JsonValue | null = null;

  static fromJson(value: JsonValue): Event {
    const event = new Event();
    event.id = value.getString("id");
    event.stream = value.getString("stream");
    event.type = value.getString("type");
    event.timestamp = <i64>value.getNumber("timestamp");
    event.actorKind = <i32>value.getNumber("actor_kind");
    event.actorId = value.getString("actor_id");
    event.payloadText = value.getString("payload", "{}");
    event.payload = parseJson(event.payloadText);
    return event;
  }
}

/** An event to publish; `payload` is JSON text. */
export class Emit {
  constructor(public stream: string, public type: string, public payload: string = "{}") {}

  toJson(): string {
    return new JsonWriter().string("stream", this.stream).string("type", this.type).string("payload", this.payload).toString();
  }
}

export class Outcome {
  events: Emit[] = [];
  /** For intercepted events. */
  cancel: bool = false;
  mutatedPayload: string | null = null;
  reason: string = "";
  hasResult: bool = false;

  emit(stream: string, type: string, payload: string): Outcome {
    this.events.push(new Emit(stream, type, payload));
    return this;
  }

  toJson(): string {
    const parts: string[] = [];
    for (let i = 0; i < this.events.length; i++) parts.push(this.events[i].toJson());
    const out = new JsonWriter().raw("events", "[" + parts.join(",") + "]");
    if (this.hasResult) {
      const result = new JsonWriter().bool("cancel", this.cancel).string("reason", this.reason);
      const payload = this.mutatedPayload;
      if (payload != null) result.string("payload", payload);
      out.raw("result", result.toString());
    }
    return out.toString();
  }
}

export class CommandRequest {
  command: string = "";
  args: string = "";
  characterId: string = "";
  characterName: string = "";
  locationId: string = "";
  sessionId: string = "";
  playerId: string = "";
  invokedAs: string = "";
}

export class CommandResponse {
  events: Emit[] = [];
  constructor(public status: string, public output: string) {}

  static ok(output: string): CommandResponse {
    return new CommandResponse(STATUS_OK, output);
  }

  static error(output: string): CommandResponse {
    return new CommandResponse(STATUS_ERROR, output);
  }

  toJson(): string {
    const parts: string[] = [];
    for (let i = 0; i < this.events.length; i++) parts.push(this.events[i].toJson());
    return new JsonWriter()
      .string("status", this.status)
      .string("output", this.output)
      .raw("events", "[" + parts.join(",") + "]")
      .toString();
  }
}

/** Body of `handle_event`: parses the input, runs the handler, writes its outcome. */
export function onEvent(handler: (event: Event) => Outcome | null): i32 {
  const input = parseJson(Host.inputString());
  if (input == null || input.kind != JsonKind.Object) return 1;
  const outcome = handler(Event.fromJson(input));
  if (outcome != null) outputText(outcome.toJson());
  return 0;
}

/** Body of `handle_command`. */
export function onCommand(handler: (request: CommandRequest) => CommandResponse): i32 {
  const input = parseJson(Host.inputString());
  if (input == null || input.kind != JsonKind.Object) return 1;
  const request = new CommandRequest();
  request.command = input.getString("command");
  request.args = input.getString("args");
  request.characterId = input.getString("character_id");
  request.characterName = input.getString("character_name");
  request.locationId = input.getString("location_id");
  request.sessionId = input.getString("session_id");
  request.playerId = input.getString("player_id");
  request.invokedAs = input.getString("invoked_as");
  outputText(handler(request).toJson());
  return 0;
}

/**
 * Sets the call's output to `text` as UTF-8. Not `Host.outputString` of
 * @extism/as-pdk 1.0.0: it allocates `text.length` bytes (UTF-16 code units)
 * and stores the longer UTF-8 encoding into them, so any non-ASCII output
 * overruns the block and traps ("Offset is outside the bounds of the DataView").
 * A lone surrogate becomes U+FFFD (REPLACE), so the bytes are always valid UTF-8.
 */
export function outputText(text: string): void {
  Host.output(Uint8Array.wrap(String.UTF8.encode(text, false, String.UTF8.ErrorMode.REPLACE)));
}

/** Use as the module's abort (`asc --use abort=<file>/abort`): logs, then traps. */
export function pdkAbort(message: string | null, file: string | null, line: u32, column: u32): void {
  const text = (message == null ? "abort" : message) + " at " + (file == null ? "?" : file) + ":" + line.toString() + ":" + column.toString();
  outputText("");
  logHost("error", text);
  unreachable();
}

// ---- host functions (each must be granted in plugin.yaml wasm-plugin.host-functions)

@external("extism:host/user", "emit")
declare function hostEmit(offset: u64): u64;
@external("extism:host/user", "log")
declare function hostLog(offset: u64): u64;
@external("extism:host/user", "kv_get")
declare function hostKvGet(offset: u64): u64;
@external("extism:host/user", "kv_set")
declare function hostKvSet(offset: u64): u64;
@external("extism:host/user", "kv_delete")
declare function hostKvDelete(offset: u64): u64;
@external("extism:host/user", "kv_list")
declare function hostKvList(offset: u64): u64;
@external("extism:host/user", "query_history")
declare function hostQueryHistory(offset: u64): u64;

/** A host function's JSON answer; `error` is set when it refused. */
export class HostResult {
  constructor(public value: JsonValue | null, public errorCode: string, public errorMessage: string) {}
  get ok(): bool {
    return this.errorCode == "";
  }
}

function call(fn: (offset: u64) => u64, request: string): HostResult {
  const offset = fn(Memory.allocateString(request).offset);
  const text = new Memory(offset, extismLength(offset)).toString();
  const value = parseJson(text);
  if (value == null) return new HostResult(null, "PLUGIN_OUTPUT_INVALID", "host answered with invalid JSON");
  const error = value.get("error");
  if (error != null) return new HostResult(value, error.getString("code", "UNKNOWN"), error.getString("message"));
  return new HostResult(value, "", "");
}

export function emit(stream: string, type: string, payload: string): HostResult {
  return call(hostEmit, new Emit(stream, type, payload).toJson());
}

export function logHost(level: string, message: string): HostResult {
  return call(hostLog, new JsonWriter().string("level", level).string("message", message).toString());
}

// Named in the abort of a host error (with --use abort=..., abort takes all four arguments).
const FILE = "@holomush/wasm-pdk";

/** "<fn> failed: CODE: message", the abort message for a host error. */
function failure(fn: string, result: HostResult): string {
  return fn + " failed: " + result.errorCode + ": " + result.errorMessage;
}

/**
 * The value, or null when the key does not exist. A host error (storage
 * unavailable, permission denied, ...) is never null: kvGet aborts the call
 * (the host counts it as failed and nothing after it runs), so an error can
 * not be mistaken for "no value yet" and overwrite what is stored. To handle
 * errors yourself, use kvRead (or kvGetResult).
 */
export function kvGet(key: string): string | null {
  const read = kvRead(key);
  if (!read.ok) abort("kv_get failed: " + read.errorCode + ": " + read.errorMessage, FILE, 0, 0);
  return read.found ? read.value : null;
}

/** One kv_get: found and value, or the host's error (ok false). */
export class KvRead {
  constructor(
    public found: bool,
    public value: string,
    public errorCode: string,
    public errorMessage: string,
  ) {}
  get ok(): bool {
    return this.errorCode == "";
  }
}

/** kv_get without aborting: check `ok` first, then `found`. */
export function kvRead(key: string): KvRead {
  const result = kvGetResult(key);
  if (!result.ok || result.value == null) {
    const code = result.ok ? ERROR_PLUGIN_OUTPUT_INVALID : result.errorCode;
    return new KvRead(false, "", code, result.ok ? "kv_get answered nothing" : result.errorMessage);
  }
  const value = result.value!;
  return value.getBool("found") ? new KvRead(true, value.getString("value"), "", "") : new KvRead(false, "", "", "");
}

export function kvGetResult(key: string): HostResult {
  return call(hostKvGet, new JsonWriter().string("key", key).toString());
}

export function kvSet(key: string, value: string): HostResult {
  return call(hostKvSet, new JsonWriter().string("key", key).string("value", value).toString());
}

/** True when the key existed. A host error aborts the call (it is not "did not exist"). */
export function kvDelete(key: string): bool {
  const result = call(hostKvDelete, new JsonWriter().string("key", key).toString());
  if (!result.ok || result.value == null) abort(failure("kv_delete", result), FILE, 0, 0);
  return result.value!.getBool("deleted");
}

export class KvEntry {
  constructor(public key: string, public value: string) {}
}

/** One page of entries with this prefix. A host error aborts the call (it is not "no entries"). */
export function kvList(prefix: string, pageSize: i32 = 100): KvEntry[] {
  const out: KvEntry[] = [];
  const result = call(hostKvList, new JsonWriter().string("prefix", prefix).number("page_size", pageSize).toString());
  if (!result.ok || result.value == null) abort(failure("kv_list", result), FILE, 0, 0);
  const entries = result.value!.get("entries");
  if (entries == null) return out;
  for (let i = 0; i < entries.items.length; i++) {
    const entry = entries.items[i];
    out.push(new KvEntry(entry.getString("key"), entry.getString("value")));
  }
  return out;
}

/** The stream's most recent events, oldest first. A host error aborts the call (it is not "no history"). */
export function queryHistory(stream: string, count: i32 = 50): Event[] {
  const out: Event[] = [];
  const request = new JsonWriter().string("stream", stream).number("count", count).toString();
  const result = call(hostQueryHistory, request);
  if (!result.ok || result.value == null) abort(failure("query_history", result), FILE, 0, 0);
  const entries = result.value!.get("entries");
  if (entries == null) return out;
  for (let i = 0; i < entries.items.length; i++) {
    const event = entries.items[i].get("event");
    if (event != null) out.push(Event.fromJson(event));
  }
  return out;
}
