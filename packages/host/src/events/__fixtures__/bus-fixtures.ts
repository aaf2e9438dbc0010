/**
 * Test helpers for the event bus: a minimal in-memory EventStore (the real
 * one lives in storage/), a subscriber builder and a deferred promise.
 */
import type { Event } from "@holomush/proto";
import pino from "pino";
import type { DeliverySettings, EventSubscription } from "../../manifest/manifest.js";
import type { DeliveryOptions, EventOutcome } from "../../plugins/runtime.js";
import type { EventStore, HistoryPage } from "../../storage/event-store.js";
import type { BusSubscriber } from "../event-bus.js";

export const silentLogger = pino({ level: "silent" });

/** A pino logger that keeps its records for assertions. */
export function capturingLogger() {
  const records: Array<Record<string, unknown>> = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => records.push(JSON.parse(line)) });
  return { logger, records };
}

export interface TestEventStore extends EventStore {
  readonly events: Event[];
}

export function createTestEventStore(): TestEventStore {
  const events: Event[] = [];
  return {
    events,
    append: async (event) => {
      events.push(event);
    },
    query: async (): Promise<HistoryPage> => ({ entries: [], nextCursor: "" }),
  };
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export interface RecordingSubscriber extends BusSubscriber {
  /** Every delivery, in order. */
  received: Array<{ event: Event; options: DeliveryOptions }>;
}

export interface SubscriberSpec {
  name: string;
  subscriptions?: Array<Partial<EventSubscription> & { stream: string }>;
  emits?: string[];
  priority?: number;
  loadOrder?: number;
  delivery?: Partial<DeliverySettings>;
  handle?: (event: Event, options: DeliveryOptions) => Promise<EventOutcome | undefined> | EventOutcome | undefined;
}

/** A subscriber that records what it receives and answers with `handle`. */
export function recordingSubscriber(spec: SubscriberSpec): RecordingSubscriber {
  const received: RecordingSubscriber["received"] = [];
  return {
    name: spec.name,
    priority: spec.priority ?? 50,
    loadOrder: spec.loadOrder ?? 0,
    subscriptions: (spec.subscriptions ?? []).map((sub) => ({
      stream: sub.stream,
      types: sub.types ?? [],
      intercept: sub.intercept ?? false,
    })),
    emits: spec.emits ?? [],
    delivery: { queueSize: 256, overflow: "drop", timeoutMs: 5000, ...spec.delivery },
    received,
    deliver: async (event, options) => {
      received.push({ event, options });
      return spec.handle ? await spec.handle(event, options) : undefined;
    },
  };
}
