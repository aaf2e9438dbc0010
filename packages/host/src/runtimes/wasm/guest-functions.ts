/**
 * The `extism:host/user` functions as the worker binds them. Every function
 * takes one i64 (an Extism memory offset holding JSON) and returns one i64
 * (an offset holding JSON): `{"error":{code,message}}` on failure, never a
 * host trap. `emit` is buffered and handed back with the call's outcome, so
 * it passes the host's emit fence like returned events; `log` is posted
 * fire-and-forget; KV and history block on a round trip to the main thread.
 */
import type { CallContext } from "@extism/extism";
import { HostErrorCode } from "../../errors.js";
import { guestError, HOST_USER_NAMESPACE, type HostFunctionName, MAIN_THREAD_FUNCTIONS } from "./host-functions.js";
import type { EmittedEvent, GuestLogLevel } from "./worker-protocol.js";

const MAX_PAYLOAD_BYTES = 64 * 1024;
const LOG_LEVELS: ReadonlySet<string> = new Set(["debug", "info", "warn", "error"]);

/** What the guest functions need from the worker around them. */
export interface GuestBridge {
  pluginName: string;
  emits: readonly string[];
  emit(event: EmittedEvent): void;
  log(level: GuestLogLevel, message: string, fields: Record<string, string>): void;
  /** Synchronous round trip to the main thread; undefined when no reply came. */
  hostCall(fn: HostFunctionName, request: string): string | undefined;
  /** A request answered here (emit, log) was refused with `code`: the host counts it. */
  refused?(code: string): void;
}

type HostFunction = (context: CallContext, offset: bigint) => bigint;

export function buildGuestFunctions(
  imports: readonly HostFunctionName[],
  bridge: GuestBridge,
): Record<string, Record<string, HostFunction>> {
  const functions: Record<string, HostFunction> = {};
  for (const name of imports) {
    functions[name] = (context, offset) => {
      const input = context.read(offset)?.text() ?? "";
      const reply = answer(name, input, bridge);
      // Main-thread functions are counted where they are served (the plugin's host API).
      if (!MAIN_THREAD_FUNCTIONS.has(name) && reply.startsWith(ERROR_PREFIX)) bridge.refused?.(errorCode(reply));
      return context.store(reply);
    };
  }
  return { [HOST_USER_NAMESPACE]: functions };
}

function answer(name: HostFunctionName, input: string, bridge: GuestBridge): string {
  try {
    if (MAIN_THREAD_FUNCTIONS.has(name)) {
      return bridge.hostCall(name, input) ?? error(HostErrorCode.PLUGIN_UNAVAILABLE, "the host did not answer");
    }
    const request = parse(input);
    if (request === undefined) return error(HostErrorCode.INVALID_ARGUMENT, `${name}: input must be a JSON object`);
    return name === "emit" ? emit(request, bridge) : log(request, bridge);
  } catch (cause) {
    return error(HostErrorCode.PLUGIN_CALL_FAILED, cause instanceof Error ? cause.message : String(cause));
  }
}

function emit(request: Record<string, unknown>, bridge: GuestBridge): string {
  const { stream, type, payload = "{}" } = request;
  if (typeof stream !== "string" || typeof type !== "string" || typeof payload !== "string") {
    return error(HostErrorCode.INVALID_ARGUMENT, "emit: stream, type and payload must be strings");
  }
  const namespace = stream.split(":", 1)[0] ?? "";
  if (!bridge.emits.includes(namespace)) {
    return error(HostErrorCode.EMIT_NAMESPACE_UNDECLARED, `emit: namespace "${namespace}" is not in emits`);
  }
  if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
    return error(HostErrorCode.EMIT_PAYLOAD_TOO_LARGE, `emit: payload exceeds ${MAX_PAYLOAD_BYTES} bytes`);
  }
  try {
    JSON.parse(payload);
  } catch {
    return error(HostErrorCode.EMIT_PAYLOAD_INVALID, "emit: payload is not valid JSON");
  }
  bridge.emit({ stream, type, payload });
  return "{}";
}

function log(request: Record<string, unknown>, bridge: GuestBridge): string {
  const level = typeof request.level === "string" && LOG_LEVELS.has(request.level) ? request.level : "info";
  const message = typeof request.message === "string" ? request.message : "";
  const fields: Record<string, string> = {};
  if (typeof request.fields === "object" && request.fields !== null) {
    for (const [key, value] of Object.entries(request.fields)) fields[key] = String(value);
  }
  bridge.log(level as GuestLogLevel, message, fields);
  return "{}";
}

function parse(input: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(input);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const ERROR_PREFIX = '{"error":';

function errorCode(reply: string): string {
  return (JSON.parse(reply) as { error: { code: string } }).error.code;
}

function error(code: HostErrorCode, message: string): string {
  return JSON.stringify(guestError(code, message));
}
