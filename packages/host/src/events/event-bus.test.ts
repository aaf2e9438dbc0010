import { create, fromBinary, isMessage, toBinary } from "@bufbuild/protobuf";
import { ActorKind, type Event, EventSchema } from "@holomush/proto";
import { describe, expect, it } from "vitest";
import { HostErrorCode } from "../errors.js";
import {
  createTestEventStore,
  deferred,
  type RecordingSubscriber,
  recordingSubscriber,
  silentLogger,
} from "./__fixtures__/bus-fixtures.js";
import { type BusMetrics, createEventBus, type EventBusOptions } from "./event-bus.js";

function setup(options: Partial<EventBusOptions> = {}) {
  const store = createTestEventStore();
  const bus = createEventBus({ store, logger: silentLogger, ...options });
  return { store, bus };
}

function say(stream: string, text: string, extra: { cancellable?: boolean } = {}) {
  return {
    stream,
    type: "say",
    payload: JSON.stringify({ text }),
    actorKind: ActorKind.CHARACTER,
    actorId: "char-1",
    ...extra,
  };
}

const texts = (subscriber: RecordingSubscriber) =>
  subscriber.received.map(({ event }) => (JSON.parse(event.payload) as { text: string }).text);

describe("createEventBus: publish and routing", () => {
  it("mints events identical to create(EventSchema, …): same fields, same order, a real message", async () => {
    const { bus } = setup({ now: () => 1_700_000_000_000 });
    const { event } = await bus.publish(say("location:room1", "hi"));
    const expected = create(EventSchema, {
      id: event?.id,
      stream: "location:room1",
      type: "say",
      timestamp: 1_700_000_000_000n,
      actorKind: ActorKind.CHARACTER,
      actorId: "char-1",
      payload: JSON.stringify({ text: "hi" }),
    });
    expect(event).toStrictEqual(expected);
    expect(Object.keys(event as Event)).toEqual(Object.keys(expected));
    expect(isMessage(event, EventSchema)).toBe(true);
    expect(fromBinary(EventSchema, toBinary(EventSchema, event as Event))).toEqual(expected);
  });

  it("stamps, stores, notifies watchers and delivers once per subscriber", async () => {
    const { store, bus } = setup({ now: () => 1_700_000_000_000 });
    const room = recordingSubscriber({
      name: "room",
      subscriptions: [{ stream: "location:*" }, { stream: "location:room1" }, { stream: "*", types: ["say"] }],
    });
    const poses = recordingSubscriber({ name: "poses", subscriptions: [{ stream: "*", types: ["pose"] }] });
    const other = recordingSubscriber({ name: "other", subscriptions: [{ stream: "location:room2" }] });
    for (const subscriber of [room, poses, other]) bus.addSubscriber(subscriber);
    const watched: Event[] = [];
    bus.watch("location:room1", (event) => watched.push(event));

    const result = await bus.publish(say("location:room1", "hi"));
    await bus.idle();

    expect(result.cancelled).toBe(false);
    const event = result.event as Event;
    expect(event.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(event.timestamp).toBe(1_700_000_000_000n);
    expect(event).toMatchObject({
      stream: "location:room1",
      type: "say",
      actorKind: ActorKind.CHARACTER,
      actorId: "char-1",
    });
    expect(store.events).toEqual([event]);
    expect(watched).toEqual([event]);
    expect(room.received.map(({ event: delivered }) => delivered.id)).toEqual([event.id]);
    expect(room.received[0]?.options.cancellable).toBe(false);
    expect(poses.received).toEqual([]);
    expect(other.received).toEqual([]);
    expect(bus.stats().room).toEqual({ delivered: 1, errors: 0, timeouts: 0, drops: 0, queueDepth: 0 });
  });

  it("delivers 1,000 events in order to one subscriber, with increasing ids", async () => {
    const { bus } = setup();
    const sink = recordingSubscriber({
      name: "sink",
      subscriptions: [{ stream: "location:*" }],
      delivery: { queueSize: 2000 },
    });
    bus.addSubscriber(sink);
    const ids: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const { event } = await bus.publish(say("location:room1", String(i)));
      ids.push((event as Event).id);
    }
    await bus.idle();
    expect(texts(sink)).toEqual(Array.from({ length: 1000 }, (_, i) => String(i)));
    expect([...ids].sort()).toEqual(ids);
  });

  it("keeps publish order for concurrent publishers", async () => {
    const { bus, store } = setup();
    const sink = recordingSubscriber({ name: "sink", subscriptions: [{ stream: "*" }] });
    bus.addSubscriber(sink);
    await Promise.all(Array.from({ length: 50 }, (_, i) => bus.publish(say(`location:${i % 3}`, String(i)))));
    await bus.idle();
    expect(sink.received.map(({ event }) => event.id)).toEqual(store.events.map((event) => event.id));
  });

  it("does not let a slow plugin delay another plugin", async () => {
    const { bus } = setup();
    const gate = deferred();
    const fastDone = deferred();
    const slow = recordingSubscriber({
      name: "slow",
      subscriptions: [{ stream: "*" }],
      handle: () => gate.promise.then(() => undefined),
    });
    const fast = recordingSubscriber({
      name: "fast",
      subscriptions: [{ stream: "*" }],
      handle: () => {
        if (fast.received.length === 10) fastDone.resolve();
        return undefined;
      },
    });
    bus.addSubscriber(slow);
    bus.addSubscriber(fast);
    for (let i = 0; i < 10; i++) await bus.publish(say("location:room1", String(i)));
    await fastDone.promise;
    // All ten reached the fast plugin while the slow one is still on its first.
    expect(texts(fast)).toHaveLength(10);
    expect(texts(slow)).toEqual(["0"]);
    expect(bus.stats().slow?.queueDepth).toBe(9);
    gate.resolve();
    await bus.idle();
    expect(texts(slow)).toHaveLength(10);
  });

  it("skips a timed-out event without retrying it and keeps delivering", async () => {
    const { bus } = setup();
    const stuck = recordingSubscriber({
      name: "stuck",
      subscriptions: [{ stream: "*" }],
      delivery: { timeoutMs: 30 },
      handle: (event) => (event.payload.includes("hang") ? new Promise(() => undefined) : undefined),
    });
    bus.addSubscriber(stuck);
    for (const text of ["a", "hang", "b", "c"]) await bus.publish(say("location:room1", text));
    await bus.idle();
    expect(texts(stuck)).toEqual(["a", "hang", "b", "c"]);
    expect(stuck.received[1]?.options.signal.aborted).toBe(true);
    expect(bus.stats().stuck).toMatchObject({ delivered: 3, timeouts: 1, errors: 0 });
  });

  it("counts a failing delivery and keeps the plugin receiving", async () => {
    const failures: string[] = [];
    const metrics: BusMetrics = {
      delivered: () => undefined,
      failed: (plugin) => failures.push(plugin),
      timedOut: () => undefined,
      dropped: () => undefined,
    };
    const { bus } = setup({ metrics });
    const flaky = recordingSubscriber({
      name: "flaky",
      subscriptions: [{ stream: "*" }],
      handle: (event) => {
        if (event.payload.includes("boom")) throw new Error("boom");
        return undefined;
      },
    });
    bus.addSubscriber(flaky);
    for (const text of ["a", "boom", "b"]) await bus.publish(say("location:room1", text));
    await bus.idle();
    expect(texts(flaky)).toEqual(["a", "boom", "b"]);
    expect(bus.stats().flaky).toMatchObject({ delivered: 2, errors: 1 });
    expect(failures).toEqual(["flaky"]);
  });

  it("drops events for a full `drop` queue and counts them", async () => {
    const dropped: string[] = [];
    const metrics: BusMetrics = {
      delivered: () => undefined,
      failed: () => undefined,
      timedOut: () => undefined,
      dropped: (plugin) => dropped.push(plugin),
    };
    const { bus } = setup({ metrics });
    const gate = deferred();
    const started = deferred();
    const small = recordingSubscriber({
      name: "small",
      subscriptions: [{ stream: "*" }],
      delivery: { queueSize: 2, overflow: "drop" },
      handle: () => {
        started.resolve();
        return gate.promise.then(() => undefined);
      },
    });
    bus.addSubscriber(small);
    await bus.publish(say("location:room1", "0"));
    await started.promise;
    for (const text of ["1", "2", "3", "4"]) await bus.publish(say("location:room1", text));
    gate.resolve();
    await bus.idle();
    expect(texts(small)).toEqual(["0", "1", "2"]);
    expect(bus.stats().small?.drops).toBe(2);
    expect(dropped).toEqual(["small", "small"]);
  });

  it("makes publishers wait on a full `block` queue and loses nothing", async () => {
    const { bus } = setup();
    const gate = deferred();
    const started = deferred();
    const careful = recordingSubscriber({
      name: "careful",
      subscriptions: [{ stream: "*" }],
      delivery: { queueSize: 1, overflow: "block" },
      handle: () => {
        started.resolve();
        return gate.promise.then(() => undefined);
      },
    });
    bus.addSubscriber(careful);
    await bus.publish(say("location:room1", "0"));
    await started.promise;
    await bus.publish(say("location:room1", "1")); // fills the single place
    let settled = false;
    const third = bus.publish(say("location:room1", "2")).then((result) => {
      settled = true;
      return result;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    gate.resolve();
    await third;
    await bus.idle();
    expect(texts(careful)).toEqual(["0", "1", "2"]);
    expect(bus.stats().careful?.drops).toBe(0);
  });

  it("refuses duplicate subscribers and stops deliveries after removal", async () => {
    const { bus } = setup();
    const sink = recordingSubscriber({ name: "sink", subscriptions: [{ stream: "*" }] });
    bus.addSubscriber(sink);
    expect(() => bus.addSubscriber(recordingSubscriber({ name: "sink" }))).toThrowError(
      expect.objectContaining({ code: HostErrorCode.DUPLICATE_PLUGIN }),
    );
    await bus.publish(say("location:room1", "before"));
    await bus.idle();
    await bus.removeSubscriber("sink");
    await bus.publish(say("location:room1", "after"));
    await bus.idle();
    expect(texts(sink)).toEqual(["before"]);
    expect(bus.stats().sink).toBeUndefined();
  });

  it("rejects a publish whose append fails and keeps publishing afterwards", async () => {
    const store = createTestEventStore();
    let fail = true;
    const bus = createEventBus({
      logger: silentLogger,
      store: {
        ...store,
        append: async (event) => {
          if (fail) throw new Error("disk full");
          await store.append(event);
        },
      },
    });
    const sink = recordingSubscriber({ name: "sink", subscriptions: [{ stream: "*" }] });
    bus.addSubscriber(sink);
    await expect(bus.publish(say("location:room1", "lost"))).rejects.toMatchObject({
      code: HostErrorCode.STORAGE_UNAVAILABLE,
    });
    fail = false;
    await bus.publish(say("location:room1", "kept"));
    await bus.idle();
    expect(texts(sink)).toEqual(["kept"]);
    expect(store.events).toHaveLength(1);
  });

  it("refuses publishing after close", async () => {
    const { bus } = setup();
    await bus.close();
    await expect(bus.publish(say("location:room1", "late"))).rejects.toMatchObject({
      code: HostErrorCode.EVENT_BUS_CLOSED,
    });
  });
});
