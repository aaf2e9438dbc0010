import { ActorKind } from "@holomush/proto";
import { describe, expect, it } from "vitest";
import type { EventResultInit } from "../plugins/runtime.js";
import { createTestEventStore, deferred, recordingSubscriber, silentLogger } from "./__fixtures__/bus-fixtures.js";
import { createEventBus, type EventBusOptions } from "./event-bus.js";

function setup(options: Partial<EventBusOptions> = {}) {
  const store = createTestEventStore();
  const bus = createEventBus({ store, logger: silentLogger, ...options });
  return { store, bus };
}

const cancellableSay = (text: string) => ({
  stream: "location:room1",
  type: "say",
  payload: JSON.stringify({ text }),
  actorKind: ActorKind.CHARACTER,
  actorId: "char-1",
  cancellable: true,
});

/** An interceptor plugin answering cancellable offers with `answer`, ignoring normal deliveries. */
function interceptorPlugin(name: string, priority: number, answer: () => Promise<EventResultInit | undefined>) {
  return recordingSubscriber({
    name,
    priority,
    subscriptions: [{ stream: "location:*", intercept: true }],
    emits: ["location"],
    handle: async (_event, options) =>
      options.cancellable
        ? { result: await answer(), events: [{ stream: "location:room1", type: "discarded" }] }
        : undefined,
  });
}

describe("createEventBus: interception", () => {
  it("applies two racing mutations by priority, then delivers and stores the final payload", async () => {
    const { bus, store } = setup();
    const lowFirst = deferred<EventResultInit | undefined>();
    // The priority-20 plugin answers first; the priority-10 one answers later.
    const early = interceptorPlugin("upper", 10, () => lowFirst.promise);
    const late = interceptorPlugin("shout", 20, async () => {
      setTimeout(() => lowFirst.resolve({ payload: '{"text":"HELLO"}' }), 5);
      return { payload: '{"text":"hello!!!"}' };
    });
    const reader = recordingSubscriber({ name: "reader", subscriptions: [{ stream: "location:*" }] });
    for (const subscriber of [early, late, reader]) bus.addSubscriber(subscriber);

    const result = await bus.publish(cancellableSay("hello"));
    await bus.idle();

    expect(result.cancelled).toBe(false);
    expect(result.event?.payload).toBe('{"text":"hello!!!"}');
    expect(store.events.map((event) => event.type)).toEqual(["say"]); // returned events were discarded
    expect(store.events[0]?.payload).toBe('{"text":"hello!!!"}');
    expect(reader.received.map(({ event }) => event.payload)).toEqual(['{"text":"hello!!!"}']);
    // Interceptors got the offer (cancellable) and then the normal delivery.
    expect(early.received.map(({ options }) => options.cancellable)).toEqual([true, false]);
    expect(early.received[0]?.event.payload).toBe('{"text":"hello"}');
  });

  it("lets cancel win: the event is neither stored nor delivered", async () => {
    const { bus, store } = setup();
    const mutator = interceptorPlugin("mutator", 1, async () => ({ payload: '{"text":"changed"}' }));
    const censor = interceptorPlugin("censor", 99, async () => ({ cancel: true, reason: "rude" }));
    const reader = recordingSubscriber({ name: "reader", subscriptions: [{ stream: "*" }] });
    for (const subscriber of [mutator, censor, reader]) bus.addSubscriber(subscriber);
    const result = await bus.publish(cancellableSay("rude words"));
    await bus.idle();
    expect(result).toEqual({ cancelled: true, cancelledBy: "censor", reason: "rude" });
    expect(store.events).toEqual([]);
    expect(reader.received).toEqual([]);
  });

  it("ignores a result that arrives after the deadline", async () => {
    const { bus, store } = setup({ interceptDeadlineMs: 40 });
    const slowCensor = interceptorPlugin("slow-censor", 1, async () => {
      await new Promise((resolve) => setTimeout(resolve, 120));
      return { cancel: true, reason: "too late" };
    });
    bus.addSubscriber(slowCensor);
    const result = await bus.publish(cancellableSay("hello"));
    await bus.idle();
    expect(result.cancelled).toBe(false);
    expect(store.events).toHaveLength(1);
    // The offer timed out in the plugin's queue; its normal delivery still came.
    expect(bus.stats()["slow-censor"]).toMatchObject({ timeouts: 1 });
    expect(slowCensor.received.map(({ options }) => options.cancellable)).toEqual([true, false]);
  });

  it("does not offer an event to the plugin that emitted it, nor intercept non-cancellable events", async () => {
    const { bus } = setup();
    const censor = interceptorPlugin("censor", 1, async () => ({ cancel: true }));
    bus.addSubscriber(censor);
    const plain = await bus.publish({ ...cancellableSay("x"), cancellable: false });
    await bus.idle();
    expect(plain.cancelled).toBe(false);
    expect(censor.received.map(({ options }) => options.cancellable)).toEqual([false]);
  });
});
