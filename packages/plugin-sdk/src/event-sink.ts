/**
 * EventSink (README): publish events outside a handler's return value,
 * e.g. from a timer. The host publishes them with this plugin as actor,
 * through the emit fence (declared namespace, JSON payload <= 64 KiB).
 */
import { toHostCallError } from "./host-call-error.js";
import type { HostCalls } from "./host-requests.js";

/** One event to publish: its stream, type and JSON payload (the plugin is the actor). */
export interface EmitIntent {
  /** Target stream; its namespace must be in the manifest's `emits`. */
  stream: string;
  /** Event type, e.g. `greet`. */
  type: string;
  /** A JSON string, or any value to serialise as JSON. */
  payload?: unknown;
}

/** Publishes events as the plugin (EventSinkAware); the host checks each stream against the manifest's `emits`. */
export interface EventSink {
  /** Publishes one event; resolves with the id the host assigned. Throws HostCallError. */
  emit(intent: EmitIntent): Promise<string>;
  /** Publishes events in order; the first refused one stops the batch. */
  emitAll(intents: EmitIntent[]): Promise<string[]>;
}

/** An EventSink over PluginHostService.EmitEvent; host refusals become HostCallError. */
export function createEventSink(host: HostCalls): EventSink {
  async function emitAll(intents: EmitIntent[]): Promise<string[]> {
    const events = intents.map((intent) => ({
      stream: intent.stream,
      type: intent.type,
      payload: typeof intent.payload === "string" ? intent.payload : JSON.stringify(intent.payload ?? {}),
    }));
    try {
      return (await host.emitEvent({ events })).eventIds;
    } catch (error) {
      throw toHostCallError(error);
    }
  }
  return {
    async emit(intent) {
      const [id = ""] = await emitAll([intent]);
      return id;
    },
    emitAll,
  };
}
