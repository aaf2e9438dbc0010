/**
 * Parses what a guest returns. Anything that is not the documented shape is
 * a PLUGIN_OUTPUT_INVALID error for that one call: nothing of it is emitted.
 */
import { CommandStatus } from "@holomush/proto";
import { HostError, HostErrorCode } from "../../errors.js";
import type { CommandResponseInit, EmitEventInit, EventOutcome, EventResultInit } from "../../plugins/runtime.js";

/** Payload limit of the emit fence (docs/events.md). */
export const MAX_PAYLOAD_BYTES = 64 * 1024;
/** Command output limit (docs/wasm-abi.md, "handle_command"). */
export const MAX_COMMAND_OUTPUT_BYTES = 8192;

const STATUS: Record<string, CommandStatus> = {
  ok: CommandStatus.OK,
  error: CommandStatus.ERROR,
  failure: CommandStatus.FAILURE,
  fatal: CommandStatus.FATAL,
};

type Json = Record<string, unknown>;

/** A parsed `handle_command` output (a plain CommandResponse init). */
export interface GuestCommandResponse extends Exclude<CommandResponseInit, { $typeName: string }> {
  status: CommandStatus;
  output: string;
  events: EmitEventInit[];
}

/** `handle_event` output: empty, `{}`, `{"events":[]}` all mean "no action". */
export function parseEventOutput(text: string | null, plugin: string): EventOutcome | undefined {
  const body = parseObject(text, plugin, "handle_event");
  if (body === undefined) return undefined;
  const events = parseEvents(body.events, plugin, "events");
  const result = body.result === undefined || body.result === null ? undefined : parseResult(body.result, plugin);
  if (events.length === 0 && result === undefined) return undefined;
  return { ...(events.length > 0 ? { events } : {}), ...(result ? { result } : {}) };
}

/** `handle_command` output: `{status, output, events?}`. */
export function parseCommandOutput(text: string | null, plugin: string): GuestCommandResponse {
  const body = parseObject(text, plugin, "handle_command");
  if (body === undefined) throw invalid(plugin, "handle_command returned no output", "");
  const status = typeof body.status === "string" ? STATUS[body.status] : undefined;
  if (status === undefined) throw invalid(plugin, 'status must be "ok", "error", "failure" or "fatal"', "status");
  const output = body.output ?? "";
  if (typeof output !== "string") throw invalid(plugin, "output must be a string", "output");
  if (Buffer.byteLength(output) > MAX_COMMAND_OUTPUT_BYTES) {
    throw invalid(plugin, `output exceeds ${MAX_COMMAND_OUTPUT_BYTES} bytes`, "output");
  }
  return { status, output, events: parseEvents(body.events, plugin, "events") };
}

/** One `{stream, type, payload}` as the emit host function and outputs carry it. */
export function parseEmitEvent(value: unknown, plugin: string, field: string): EmitEventInit {
  if (!isObject(value)) throw invalid(plugin, "an event must be an object", field);
  const { stream, type, payload } = value;
  if (typeof stream !== "string") throw invalid(plugin, "stream must be a string", `${field}.stream`);
  if (typeof type !== "string" || type === "")
    throw invalid(plugin, "type must be a non-empty string", `${field}.type`);
  const text = payload === undefined ? "{}" : payload;
  if (typeof text !== "string") throw invalid(plugin, "payload must be a JSON-encoded string", `${field}.payload`);
  checkPayload(text, plugin, `${field}.payload`);
  return { stream, type, payload: text };
}

function parseEvents(value: unknown, plugin: string, field: string): EmitEventInit[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(plugin, "events must be an array", field);
  return value.map((item, index) => parseEmitEvent(item, plugin, `${field}[${index}]`));
}

function parseResult(value: unknown, plugin: string): EventResultInit {
  if (!isObject(value)) throw invalid(plugin, "result must be an object", "result");
  const { cancel, payload, reason } = value;
  if (cancel !== undefined && typeof cancel !== "boolean") throw invalid(plugin, "cancel must be a boolean", "result");
  if (reason !== undefined && typeof reason !== "string") throw invalid(plugin, "reason must be a string", "result");
  const result: EventResultInit = { cancel: cancel ?? false, reason: reason ?? "" };
  if (payload !== undefined && payload !== null) {
    if (typeof payload !== "string") throw invalid(plugin, "payload must be a JSON-encoded string", "result.payload");
    checkPayload(payload, plugin, "result.payload");
    result.payload = payload;
  }
  return result;
}

function checkPayload(text: string, plugin: string, field: string): void {
  if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES) {
    throw invalid(plugin, `payload exceeds ${MAX_PAYLOAD_BYTES} bytes`, field);
  }
  try {
    JSON.parse(text);
  } catch (error) {
    throw invalid(plugin, "payload is not valid JSON", field, error);
  }
}

function parseObject(text: string | null, plugin: string, fn: string): Json | undefined {
  if (text === null || text.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalid(plugin, `${fn} output is not JSON`, "", error);
  }
  if (!isObject(value)) throw invalid(plugin, `${fn} output must be a JSON object`, "");
  return value;
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function invalid(plugin: string, message: string, field: string, cause?: unknown): HostError {
  return new HostError(HostErrorCode.PLUGIN_OUTPUT_INVALID, message, {
    plugin,
    ...(field ? { field } : {}),
    ...(cause === undefined ? {} : { cause }),
  });
}
