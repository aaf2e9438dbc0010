/**
 * The bus with a subscriber that can take several events in one call
 * (deliverBatch): plain events batch up while the plugin is busy,
 * interceptions never do, and every event is counted on its own.
 */
import { ActorKind, type Event } from "@holomush/proto";
import { describe, expect, it } from "vitest";
import { HostError, HostErrorCode } from "../errors.js";
import type { BatchDeliveryOptions, BatchItemResult } from "../plugins/runtime.js";
import { createTestEventStore, deferred, recordingSubscriber, silentLogger } from "./__fixtures__/bus-fixtures.js";
import type { BusMetrics } from "./bus-types.js";
import { createEventBus } from "./event-bus.js";

const say = (text: string, cancellable = false) => ({
  stream: "location:room1",
  type: "say",
  payload: JSON.stringify({ text }),
  actorKind: ActorKind.CHARACTER,
  actorId: "char-1",
  cancellable,
});
const textOf = (event: Event) => (JSON.parse(event.payload) as { text: string }).text;

function countingMetrics() {
  const counts = { delivered: 0, failed: 0, timedOut: 0 };
  const metrics: BusMetrics = {
    delivered: () => void counts.delivered++,
    failed: () => void counts.failed++,
    timedOut: () => void counts.timedOut++,
    dropped: () => undefined,
  };
  return { counts, metrics };
}

/**
 * A plugin whose first single delivery holds until `release` (so the events
 * published meanwhile wait together). It echoes every plain event, except
 * the texts listed in `fail` / `overrun` (batched path). `calls` logs each
 * call: a single delivery as "text" (or "text?" for an interception offer),
 * a batch as its texts.
 */
function batchingPlugin(options: { fail?: string[]; overrun?: string[]; intercept?: boolean } = {}) {
  const gate = deferred();
  let first = true;
  const calls: Array<string | string[]> = [];
  const batches: BatchDeliveryOptions[] = [];
  const echo = (event: Event) => ({ events: [{ stream: "echo:room1", type: "echo", payload: event.payload }] });
  const subscriber = recordingSubscriber({
    name: "batcher",
    subscriptions: [{ stream: "location:*", intercept: options.intercept ?? false }],
    emits: ["echo"],
    handle: async (event, delivery) => {
      calls.push(delivery.cancellable ? `${textOf(event)}?` : textOf(event));
      if (first) {
        first = false;
        await gate.promise;
      }
      return delivery.cancellable ? undefined : echo(event);
    },
  });
  subscriber.deliverBatch = async (events, batchOptions) => {
    calls.push(events.map(textOf));
    batches.push(batchOptions);
    return events.map((event): BatchItemResult => {
      const text = textOf(event);
      if (options.fail?.includes(text)) return { ok: false, error: new Error(`cannot handle ${text}`) };
      if (options.overrun?.includes(text)) {
        return { ok: false, error: new HostError(HostErrorCode.PLUGIN_TIMEOUT, `${text} overran`) };
      }
      return { ok: true, outcome: echo(event) };
    });
  };
  return { subscriber, calls, batches, release: () => gate.resolve() };
}

describe("createEventBus: batched delivery", () => {
  it("hands the events that waited to the plugin in one call, in order, and counts and publishes each", async () => {
    const store = createTestEventStore();
    const { counts, metrics } = countingMetrics();
    const bus = createEventBus({ store, logger: silentLogger, metrics, maxBatchSize: 4 });
    const plugin = batchingPlugin({ fail: ["m5"], overrun: ["m6"] });
    bus.addSubscriber(plugin.subscriber);

    await bus.publish(say("m0")); // delivered alone; holds the plugin
    for (let i = 1; i < 10; i++) await bus.publish(say(`m${i}`));
    plugin.release();
    await bus.idle();

    // m9 waited alone behind the second batch: the single path.
    expect(plugin.calls).toEqual(["m0", ["m1", "m2", "m3", "m4"], ["m5", "m6", "m7", "m8"], "m9"]);
    expect(plugin.batches[0]?.timeoutMs).toBe(5000);
    const echoes = store.events.filter((event) => event.type === "echo").map(textOf);
    expect(echoes).toEqual(["m0", "m1", "m2", "m3", "m4", "m7", "m8", "m9"]);
    expect(bus.stats().batcher).toMatchObject({ delivered: 8, errors: 1, timeouts: 1, drops: 0 });
    expect(counts).toEqual({ delivered: 8, failed: 1, timedOut: 1 });
  });

  it("never batches an interception: the offer keeps the single path and its own deadline", async () => {
    const store = createTestEventStore();
    const bus = createEventBus({ store, logger: silentLogger });
    const plugin = batchingPlugin({ intercept: true });
    bus.addSubscriber(plugin.subscriber);

    await bus.publish(say("p0"));
    const published = ["p1", "p2", "c3", "p4", "p5"].map((text) => bus.publish(say(text, text.startsWith("c"))));
    await new Promise<void>((resolve) => setImmediate(resolve));
    plugin.release();
    await Promise.all(published);
    await bus.idle();

    // The offer went alone; every plain event reached the plugin once, in store order.
    expect(plugin.calls.filter((call) => call === "c3?")).toHaveLength(1);
    expect(plugin.calls.some((call) => Array.isArray(call) && call.length > 1)).toBe(true);
    const plain = plugin.calls.flat().filter((text) => !text.endsWith("?"));
    const stored = store.events.filter((event) => event.type === "say").map(textOf);
    expect(plain).toEqual(stored);
    expect([...stored].sort()).toEqual(["c3", "p0", "p1", "p2", "p4", "p5"]);
    expect(bus.stats().batcher).toMatchObject({ delivered: 7, errors: 0, timeouts: 0 });
  });

  it("delivers one at a time to a subscriber without deliverBatch, and when maxBatchSize is 1", async () => {
    for (const [withBatch, maxBatchSize] of [
      [false, 32],
      [true, 1],
    ] as const) {
      const bus = createEventBus({ store: createTestEventStore(), logger: silentLogger, maxBatchSize });
      const plugin = batchingPlugin();
      if (!withBatch) delete plugin.subscriber.deliverBatch;
      bus.addSubscriber(plugin.subscriber);
      await bus.publish(say("m0"));
      for (let i = 1; i < 5; i++) await bus.publish(say(`m${i}`));
      plugin.release();
      await bus.idle();
      expect(plugin.calls).toEqual(["m0", "m1", "m2", "m3", "m4"]);
    }
  });
});
