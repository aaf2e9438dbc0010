/**
 * onEvent / onCommand: turn a typed handler into the function a plugin
 * exports as `handle_event` / `handle_command`. They read the input, parse
 * it, run the handler synchronously (js-pdk has no event loop) and write the
 * response. Returning nothing means "no action" (no output is written).
 */
import type {
  CommandRequest,
  CommandResponse,
  EmitInit,
  EventResult,
  GuestEvent,
  Outcome,
  TypedEvent,
} from "./abi-types.js";
import { pdk } from "./js-pdk-globals.js";

/** Return nothing (or undefined) for "no action", as the ABI allows. */
// biome-ignore lint/suspicious/noConfusingVoidType: handlers that just return must type-check.
export type EventHandler<P> = (event: TypedEvent<P>) => Outcome | undefined | void;
/** A command handler: gets the request, returns the response (synchronously; js-pdk has no event loop). */
export type CommandHandler = (request: CommandRequest) => CommandResponse;

/** `module.exports = { handle_event: onEvent(handler) }` */
export function onEvent<P = Record<string, unknown>>(handler: EventHandler<P>): () => number {
  return () => {
    const event = JSON.parse(pdk().Host.inputString()) as GuestEvent;
    const outcome = handler(toTypedEvent<P>(event));
    if (outcome) pdk().Host.outputString(JSON.stringify(encodeOutcome(outcome)));
    return 0;
  };
}

/** `module.exports = { handle_command: onCommand(handler) }` */
export function onCommand(handler: CommandHandler): () => number {
  return () => {
    const request = JSON.parse(pdk().Host.inputString()) as CommandRequest;
    const response = handler(request);
    const events = response.events?.map(encodeEmit);
    pdk().Host.outputString(JSON.stringify({ ...response, ...(events ? { events } : {}) }));
    return 0;
  };
}

/** The event with its payload parsed; `{}` when the payload is empty or not JSON. */
export function toTypedEvent<P>(event: GuestEvent): TypedEvent<P> {
  let payload: Partial<P> = {};
  try {
    const parsed: unknown = JSON.parse(event.payload || "{}");
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) payload = parsed as Partial<P>;
  } catch {
    // Not JSON: handlers still get payloadText.
  }
  return { ...event, payload, payloadText: event.payload };
}

/** `{stream, type, payload}` with the payload as JSON text. */
export function encodeEmit(event: EmitInit): { stream: string; type: string; payload: string } {
  const payload = event.payload === undefined ? "{}" : event.payload;
  return {
    stream: event.stream,
    type: event.type,
    payload: typeof payload === "string" ? payload : JSON.stringify(payload),
  };
}

function encodeOutcome(outcome: Outcome) {
  const out: { events: ReturnType<typeof encodeEmit>[]; result?: EventResult } = {
    events: (outcome.events ?? []).map(encodeEmit),
  };
  if (outcome.result) {
    const { payload, ...rest } = outcome.result;
    out.result =
      payload === undefined
        ? rest
        : { ...rest, payload: typeof payload === "string" ? payload : JSON.stringify(payload) };
  }
  return out;
}
