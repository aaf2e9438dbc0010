/**
 * The emit fence: what a plugin may publish. Checked in this order, the first
 * failure wins: stream shape, declared namespace, type, payload size, payload
 * JSON. Size comes before parsing so an oversized payload is never parsed.
 * An empty payload is normalised to "{}".
 */
import { HostError, HostErrorCode } from "../errors.js";
import type { EmitEventInit } from "../plugins/runtime.js";
import { EVENT_LIMITS, streamNamespace, streamProblem } from "./stream-pattern.js";

/** Lowercase identifier, at most 64 characters (event.proto); `:` for plugin-qualified types (`core-communication:say`). */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_.:-]{0,63}$/;

/** The part of a plugin the fence needs. */
export interface EmitFencePlugin {
  name: string;
  /** Stream namespaces the manifest declares in `emits`. */
  emits: readonly string[];
  /**
   * May also emit to the stream of the event being handled (`cause`), whatever
   * `emits` says: HoloMUSH's Lua plugins without `emits` answer where they heard.
   */
  replyEmits?: boolean;
}

/** An event that passed the fence, payload normalised. */
export interface FencedEvent {
  stream: string;
  type: string;
  payload: string;
}

/**
 * Returns the reason an event is refused, or undefined. `index` is the
 * event's position in the emitted batch, used in the error's field path.
 */
export function checkEmit(plugin: EmitFencePlugin, event: EmitEventInit, index = 0): HostError | undefined {
  const result = inspect(plugin, event, index);
  return result instanceof HostError ? result : undefined;
}

/** Throwing variant of checkEmit that also returns the normalised event. */
export function fenceEmit(
  plugin: EmitFencePlugin,
  event: EmitEventInit,
  index = 0,
  cause?: { stream: string },
): FencedEvent {
  const result = inspect(plugin, event, index, NO_CONTEXT, cause);
  if (result instanceof HostError) throw result;
  return result;
}

/**
 * Stream/type/payload checks without the namespace rule, for events the host
 * publishes itself. Returns the normalised event or a HostError.
 */
export function checkEventShape(
  event: { stream?: string; type?: string; payload?: string },
  context: { plugin?: string; fieldPrefix?: string } = {},
): FencedEvent | HostError {
  return inspect(undefined, event, 0, context);
}

const NO_CONTEXT: { plugin?: string; fieldPrefix?: string } = {};

function inspect(
  plugin: EmitFencePlugin | undefined,
  event: { stream?: string; type?: string; payload?: string },
  index: number,
  context: { plugin?: string; fieldPrefix?: string } = NO_CONTEXT,
  cause?: { stream: string },
): FencedEvent | HostError {
  const stream = event.stream ?? "";
  const type = event.type ?? "";
  const rawPayload = event.payload ?? "";
  const problem = streamProblem(stream);
  if (problem !== undefined)
    return refusal(plugin, context, index, stream, type, HostErrorCode.EMIT_STREAM_INVALID, "stream", problem);

  const reply = plugin?.replyEmits === true && cause !== undefined && cause.stream === stream;
  if (plugin !== undefined && !reply) {
    const namespace = streamNamespace(stream);
    if (!plugin.emits.includes(namespace)) {
      const declared = plugin.emits.length === 0 ? "none" : plugin.emits.join(", ");
      return refusal(
        plugin,
        context,
        index,
        stream,
        type,
        HostErrorCode.EMIT_NAMESPACE_UNDECLARED,
        "stream",
        `stream namespace "${namespace}" is not declared in the manifest's emits (declared: ${declared})`,
      );
    }
  }

  if (!EVENT_TYPE_PATTERN.test(type)) {
    return refusal(
      plugin,
      context,
      index,
      stream,
      type,
      HostErrorCode.EMIT_TYPE_INVALID,
      "type",
      `event type ${JSON.stringify(type.slice(0, 80))} must be a lowercase identifier matching ${EVENT_TYPE_PATTERN.source}`,
    );
  }

  const payload = rawPayload.length === 0 ? "{}" : rawPayload;
  const payloadError = payloadProblem(payload);
  if (payloadError !== undefined)
    return refusal(plugin, context, index, stream, type, payloadError.code, "payload", payloadError.message);
  return { stream, type, payload };
}

/** The error for a refused event (built only on refusal: the checks run for every event). */
function refusal(
  plugin: EmitFencePlugin | undefined,
  context: { plugin?: string; fieldPrefix?: string },
  index: number,
  stream: string,
  type: string,
  code: HostErrorCode,
  field: string,
  message: string,
): HostError {
  const who = plugin?.name ?? context.plugin;
  const prefix = context.fieldPrefix ?? (plugin ? `events[${index}]` : "");
  return new HostError(code, who === undefined ? message : `plugin ${who}: ${message}`, {
    ...(who === undefined ? {} : { plugin: who }),
    field: prefix ? `${prefix}.${field}` : field,
    details: { stream: stream.slice(0, EVENT_LIMITS.maxStreamLength), type: type.slice(0, 64) },
  });
}

/** Why a payload is refused (size, then JSON), or undefined. Shared with the intercept chain. */
export function payloadProblem(payload: string): { code: HostErrorCode; message: string } | undefined {
  // Each UTF-16 unit is 1–3 UTF-8 bytes: count only when the length leaves doubt.
  const bytes = payload.length * 3 <= EVENT_LIMITS.maxPayloadBytes ? 0 : utf8Length(payload);
  if (bytes > EVENT_LIMITS.maxPayloadBytes) {
    return {
      code: HostErrorCode.EMIT_PAYLOAD_TOO_LARGE,
      message: `payload is ${bytes} bytes (at most ${EVENT_LIMITS.maxPayloadBytes})`,
    };
  }
  try {
    JSON.parse(payload);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { code: HostErrorCode.EMIT_PAYLOAD_INVALID, message: `payload is not valid JSON: ${reason}` };
  }
  return undefined;
}

/** UTF-8 byte length without allocating (lone surrogates count as U+FFFD, 3 bytes). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
