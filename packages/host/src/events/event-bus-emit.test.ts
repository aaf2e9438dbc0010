import { ActorKind, type Event } from "@holomush/proto";
import { describe, expect, it } from "vitest";
import { HostErrorCode } from "../errors.js";
import {
  capturingLogger,
  createTestEventStore,
  recordingSubscriber,
  silentLogger,
} from "./__fixtures__/bus-fixtures.js";
import { createEventBus, type EventBusOptions } from "./event-bus.js";

function setup(options: Partial<EventBusOptions> = {}) {
  const store = createTestEventStore();
  const bus = createEventBus({ store, logger: silentLogger, ...options });
  return { store, bus };
}

const characterSay = (stream: string) => ({
  stream,
  type: "say",
  payload: '{"text":"hi"}',
  actorKind: ActorKind.CHARACTER,
  actorId: "char-1",
});

describe("createEventBus: plugin emits", () => {
  it("publishes outcome events as the plugin and never echoes them back to it", async () => {
    const { bus, store } = setup();
    const echo = recordingSubscriber({
      name: "echo",
      subscriptions: [{ stream: "*" }],
      emits: ["location"],
      handle: (event) =>
        event.actorKind === ActorKind.CHARACTER
          ? { events: [{ stream: event.stream, type: "echo", payload: event.payload }] }
          : undefined,
    });
    const listener = recordingSubscriber({ name: "listener", subscriptions: [{ stream: "location:*" }] });
    bus.addSubscriber(echo);
    bus.addSubscriber(listener);
    await bus.publish(characterSay("location:room1"));
    await bus.idle();
    expect(store.events.map((event) => event.type)).toEqual(["say", "echo"]);
    const emitted = store.events[1] as Event;
    expect(emitted).toMatchObject({ actorKind: ActorKind.PLUGIN, actorId: "echo", stream: "location:room1" });
    expect(echo.received.map(({ event }) => event.type)).toEqual(["say"]);
    expect(listener.received.map(({ event }) => event.type)).toEqual(["say", "echo"]);
  });

  it("stops two plugins echoing each other forever at maxEmitDepth (outcome events)", async () => {
    const { logger, records } = capturingLogger();
    const { bus, store } = setup({ maxEmitDepth: 4, logger });
    const ping = recordingSubscriber({
      name: "ping",
      subscriptions: [{ stream: "pong:*" }],
      emits: ["ping"],
      handle: () => ({ events: [{ stream: "ping:ball", type: "hit" }] }),
    });
    const pong = recordingSubscriber({
      name: "pong",
      subscriptions: [{ stream: "ping:*" }],
      emits: ["pong"],
      handle: () => ({ events: [{ stream: "pong:ball", type: "hit" }] }),
    });
    bus.addSubscriber(ping);
    bus.addSubscriber(pong);
    await bus.publish(characterSay("ping:start"));
    await bus.idle();
    // depth 0 (the character's) + depths 1..4; the depth-5 emit is refused.
    expect(store.events.map((event) => event.stream)).toEqual([
      "ping:start",
      "pong:ball",
      "ping:ball",
      "pong:ball",
      "ping:ball",
    ]);
    // pong handled the depth-4 event, so its emit (depth 5) was refused.
    expect(bus.stats().pong?.errors).toBe(1);
    expect(bus.stats().ping?.errors).toBe(0);
    expect(records.some((record) => record.code === HostErrorCode.EMIT_LOOP_DETECTED)).toBe(true);
  });

  it("stops a loop of direct emits (host API style, no explicit cause)", async () => {
    const { bus, store } = setup({ maxEmitDepth: 3 });
    const refusals: unknown[] = [];
    const makePlayer = (name: string, listensTo: string) =>
      recordingSubscriber({
        name,
        subscriptions: [{ stream: `${listensTo}:*` }],
        emits: [name],
        handle: async () => {
          try {
            await bus.emitFromPlugin(name, [{ stream: `${name}:ball`, type: "hit" }]);
          } catch (error) {
            refusals.push(error);
          }
          return undefined;
        },
      });
    bus.addSubscriber(makePlayer("ping", "pong"));
    bus.addSubscriber(makePlayer("pong", "ping"));
    await bus.publish(characterSay("ping:start"));
    await bus.idle();
    expect(store.events).toHaveLength(4);
    expect(refusals).toEqual([expect.objectContaining({ code: HostErrorCode.EMIT_LOOP_DETECTED, plugin: "ping" })]);
  });

  it("fences a batch before publishing any of it and names the refused event", async () => {
    const { bus, store } = setup();
    bus.addSubscriber(recordingSubscriber({ name: "chatty", emits: ["location"] }));
    const cases = [
      [{ stream: "global:x", type: "say" }, HostErrorCode.EMIT_NAMESPACE_UNDECLARED, "events[1].stream"],
      [{ stream: "location:a b", type: "say" }, HostErrorCode.EMIT_STREAM_INVALID, "events[1].stream"],
      [{ stream: "location:1", type: "Bad" }, HostErrorCode.EMIT_TYPE_INVALID, "events[1].type"],
      [{ stream: "location:1", type: "say", payload: "nope" }, HostErrorCode.EMIT_PAYLOAD_INVALID, "events[1].payload"],
      [
        { stream: "location:1", type: "say", payload: JSON.stringify("x".repeat(70_000)) },
        HostErrorCode.EMIT_PAYLOAD_TOO_LARGE,
        "events[1].payload",
      ],
    ] as const;
    for (const [bad, code, field] of cases) {
      await expect(bus.emitFromPlugin("chatty", [{ stream: "location:1", type: "ok" }, bad])).rejects.toMatchObject({
        code,
        field,
        plugin: "chatty",
      });
    }
    expect(store.events).toEqual([]);
    const ids = await bus.emitFromPlugin("chatty", [
      { stream: "location:1", type: "one" },
      { stream: "location:2", type: "two", payload: "" },
    ]);
    expect(ids).toEqual(store.events.map((event) => event.id));
    expect(store.events.map((event) => event.payload)).toEqual(["{}", "{}"]);
  });

  it("refuses emits from a plugin that is not attached", async () => {
    const { bus } = setup();
    await expect(bus.emitFromPlugin("ghost", [{ stream: "x:1", type: "boo" }])).rejects.toMatchObject({
      code: HostErrorCode.PLUGIN_NOT_LOADED,
    });
  });

  it("counts refused outcome events as errors for the plugin without breaking the bus", async () => {
    const { bus, store } = setup();
    const sneaky = recordingSubscriber({
      name: "sneaky",
      subscriptions: [{ stream: "location:*" }],
      emits: ["location"],
      handle: () => ({ events: [{ stream: "admin:root", type: "grant" }] }),
    });
    bus.addSubscriber(sneaky);
    await bus.publish(characterSay("location:1"));
    await bus.publish(characterSay("location:2"));
    await bus.idle();
    expect(store.events).toHaveLength(2);
    expect(sneaky.received).toHaveLength(2);
    expect(bus.stats().sneaky).toMatchObject({ delivered: 2, errors: 2 });
  });
});
