/** The bus's cluster seam: with a transport, stored events leave through it and arrive back through ingest. */
import type { Event } from "@holomush/proto";
import { ActorKind } from "@holomush/proto";
import { describe, expect, it } from "vitest";
import { createTestEventStore, recordingSubscriber, silentLogger } from "../events/__fixtures__/bus-fixtures.js";
import { createEventBus } from "../events/event-bus.js";

const say = (text: string) => ({
  stream: "location:room1",
  type: "say",
  payload: JSON.stringify({ text }),
  actorKind: ActorKind.CHARACTER,
  actorId: "char-1",
});

describe("event bus with a transport", () => {
  it("stores, hands the event to the transport, and routes only what ingest brings back", async () => {
    const sent: Array<{ event: Event; depth: number }> = [];
    const store = createTestEventStore();
    const bus = createEventBus({
      store,
      logger: silentLogger,
      transport: { publish: async (event, depth) => void sent.push({ event, depth }) },
    });
    const room = recordingSubscriber({ name: "room", subscriptions: [{ stream: "location:*" }] });
    bus.addSubscriber(room);
    const watched: string[] = [];
    bus.watch("location:*", (event) => watched.push(event.id));

    const { event } = await bus.publish(say("one"));
    await bus.idle();
    expect(sent.map((entry) => entry.event.id)).toEqual([event?.id]);
    expect(room.received).toHaveLength(0);
    expect(watched).toEqual([]);

    // What another host published arrives the same way as our own.
    await bus.ingest(sent[0]?.event as Event, 0);
    await bus.idle();
    expect(room.received.map((entry) => entry.event.id)).toEqual([event?.id]);
    expect(watched).toEqual([event?.id]);
  });

  it("fails the publish when the transport refuses the event", async () => {
    const bus = createEventBus({
      store: createTestEventStore(),
      logger: silentLogger,
      transport: { publish: async () => Promise.reject(new Error("nats down")) },
    });
    await expect(bus.publish(say("lost"))).rejects.toThrow("nats down");
  });
});
