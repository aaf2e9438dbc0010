/**
 * The singleton consumer against a real NATS JetStream: a takeover resumes
 * where the previous holder stopped, and an event the previous holder handled
 * (progress recorded) but never acked is not handed over a second time.
 */
import { ActorKind, type Event } from "@holomush/proto";
import { findNatsServer, type RunningNats, startNats } from "@holomush/test-services";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDeliveryProgress } from "./delivery-progress.js";
import { createJetStreamTransport } from "./event-transport.js";
import { connectCluster, type NatsCluster } from "./nats-connection.js";
import { startSingletonConsumer } from "./singleton-consumer.js";
import type { SingletonLease } from "./singleton-lease.js";

const logger = pino({ level: "silent" });

function event(id: string, message: string): Event {
  return {
    $typeName: "holomush.plugin.v1.Event",
    id,
    stream: "location:square",
    type: "say",
    timestamp: 1n,
    actorKind: ActorKind.CHARACTER,
    actorId: "c1",
    payload: JSON.stringify({ message }),
  };
}

function lease(): SingletonLease & { lose(): void } {
  let held = true;
  return {
    plugin: "ledger",
    token: 1,
    held: () => held,
    release: async () => undefined,
    lose() {
      held = false;
    },
  };
}

describe.skipIf(!findNatsServer())("singleton consumer", () => {
  let nats: RunningNats;
  let cluster: NatsCluster;
  beforeAll(async () => {
    nats = await startNats();
    cluster = await connectCluster({ natsUrl: nats.url, nodeId: "t1", leaseTtlMs: 1000 }, logger);
  }, 30_000);
  afterAll(async () => {
    await cluster?.nc.close();
    await nats?.dispose();
  });

  it("skips on takeover the event the dead holder handled but did not ack", async () => {
    const progress = await openDeliveryProgress(cluster);
    const transport = createJetStreamTransport(cluster, logger);
    const subscriptions = [{ stream: "location:*", types: ["say"], intercept: false }];
    const first = lease();
    const seenByFirst: string[] = [];
    // A promise, not a callback set inside deliver: the test may release it before deliver gets there.
    let releaseSecond: () => void = () => undefined;
    const secondReleased = new Promise<void>((resolve) => {
      releaseSecond = resolve;
    });
    const consumerA = await startSingletonConsumer(cluster, {
      plugin: "ledger",
      subscriptions,
      lease: first,
      progress,
      logger,
      onFenced: () => undefined,
      async deliver(delivered) {
        seenByFirst.push(delivered.id);
        if (delivered.id !== "E2") return;
        // The holder handled E2 and recorded it, then lost its lease before the ack (it "died").
        await progress.record("ledger", 2);
        first.lose();
        await secondReleased;
      },
    });
    for (const [id, message] of [
      ["E1", "one"],
      ["E2", "two"],
      ["E3", "three"],
    ] as const) {
      await transport.publish(event(id, message), 0);
    }
    await expect.poll(() => seenByFirst, { timeout: 10_000 }).toEqual(["E1", "E2"]);
    releaseSecond();
    await consumerA.stop();

    const seenBySecond: string[] = [];
    const consumerB = await startSingletonConsumer(cluster, {
      plugin: "ledger",
      subscriptions,
      lease: lease(),
      progress,
      logger,
      onFenced: () => undefined,
      async deliver(delivered) {
        seenBySecond.push(delivered.id);
      },
    });
    await expect.poll(() => seenBySecond, { timeout: 15_000 }).toEqual(["E3"]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(seenBySecond).toEqual(["E3"]);
    expect(await progress.last("ledger")).toBe(3);
    await consumerB.stop();
  }, 60_000);

  it("skips a message that is not an event instead of retrying it forever", async () => {
    const transport = createJetStreamTransport(cluster, logger);
    const seen: string[] = [];
    const consumer = await startSingletonConsumer(cluster, {
      plugin: "sturdy",
      subscriptions: [{ stream: "location:*", types: ["say"], intercept: false }],
      lease: lease(),
      progress: await openDeliveryProgress(cluster),
      logger,
      onFenced: () => undefined,
      async deliver(delivered) {
        seen.push(delivered.id);
      },
    });
    // Any client on the NATS account can write on an event subject.
    await cluster.js.publish("holomush.events.location.square", new Uint8Array([0xff, 0xff, 0xff, 0x01]));
    await transport.publish(event("E9", "after the garbage"), 0);
    await expect.poll(() => seen, { timeout: 10_000 }).toEqual(["E9"]);
    await consumer.stop();
  }, 30_000);
});
