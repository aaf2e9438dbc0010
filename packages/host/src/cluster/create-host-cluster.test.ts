/**
 * The embedder's path: createHost({ cluster }) in this process, against a
 * real NATS JetStream. A singleton gets each event once, from its durable
 * consumer — the bus does not also hand plain events to its stand-in — and a
 * replicated plugin gets them from the bus as on one host.
 */
import { ActorKind } from "@holomush/proto";
import { findNatsServer, type RunningNats, startNats } from "@holomush/test-services";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHost, type Host } from "../host/create-host.js";
import { createMemoryEventStore } from "../storage/memory-event-store.js";
import { createMemoryKvStore } from "../storage/memory-kv-store.js";
import { createMemoryCharacterStore } from "../world/character-store.js";

const logger = pino({ level: "silent" });

describe.skipIf(!findNatsServer())("createHost with cluster", () => {
  let nats: RunningNats;
  let host: Host;
  const singleton: string[] = [];
  const replicated: string[] = [];

  beforeAll(async () => {
    nats = await startNats();
    host = await createHost({
      logger,
      processFaultHandlers: false,
      // One host: the stores only have to be given (a real cluster shares PostgreSQL ones).
      storage: {
        kv: createMemoryKvStore(),
        events: createMemoryEventStore(),
        characters: createMemoryCharacterStore(),
      },
      cluster: { natsUrl: nats.url, nodeId: "embedded-1", replicated: ["mirror"], leaseTtlMs: 1000 },
    });
    const events = [{ stream: "location:*", types: ["say"] }];
    await host.registerPlugin({ name: "counter", version: "1.0.0", events }, () => ({
      handleEvent: (event) => void singleton.push(event.id),
    }));
    await host.registerPlugin({ name: "mirror", version: "1.0.0", events }, () => ({
      handleEvent: (event) => void replicated.push(event.id),
    }));
    await host.start();
  }, 30_000);
  afterAll(async () => {
    await host?.stop();
    await nats?.dispose();
  });

  it("delivers each event once to a singleton and once to a replicated plugin", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { event } = await host.publish({
        stream: "location:square",
        type: "say",
        payload: JSON.stringify({ message: `m${i}` }),
        actorKind: ActorKind.CHARACTER,
        actorId: "c1",
      });
      ids.push(event?.id ?? "");
    }
    await expect.poll(() => singleton, { timeout: 10_000 }).toEqual(ids);
    await expect.poll(() => replicated, { timeout: 10_000 }).toEqual(ids);
    await host.bus.idle();
    // The singleton's stand-in got nothing from the bus: its events came from its durable consumer.
    expect(host.bus.stats().counter?.delivered).toBe(0);
    expect(host.bus.stats().mirror?.delivered).toBe(5);
  });
});
