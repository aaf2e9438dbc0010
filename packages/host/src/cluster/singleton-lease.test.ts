/** Leases in a real NATS KV bucket: one holder at a time, handed over on release, one TTL for everyone. */
import { findNatsServer, type RunningNats, startNats } from "@holomush/test-services";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectCluster, type NatsCluster } from "./nats-connection.js";
import { openLeaseBucket } from "./singleton-lease.js";

const logger = pino({ level: "silent" });

describe.skipIf(!findNatsServer())("singleton leases", () => {
  let nats: RunningNats;
  let first: NatsCluster;
  let second: NatsCluster;
  beforeAll(async () => {
    nats = await startNats();
    first = await connectCluster({ natsUrl: nats.url, nodeId: "n1", leaseTtlMs: 1000 }, logger);
    second = await connectCluster({ natsUrl: nats.url, nodeId: "n2", leaseTtlMs: 5000 }, logger);
  }, 30_000);
  afterAll(async () => {
    await first?.nc.close();
    await second?.nc.close();
    await nats?.dispose();
  });

  it("gives a plugin to one node at a time and hands it over on release", async () => {
    const bucketA = await openLeaseBucket(first, logger);
    const bucketB = await openLeaseBucket(second, logger);
    const lost: string[] = [];
    const lease = await bucketA.tryAcquire("ledger", (why) => lost.push(why));
    expect(lease?.held()).toBe(true);
    expect(await bucketB.tryAcquire("ledger", () => undefined)).toBeUndefined();
    expect(await bucketB.holder("ledger")).toBe("n1");
    await lease?.release();
    expect(lease?.held()).toBe(false);
    const taken = await bucketB.tryAcquire("ledger", () => undefined);
    expect(taken?.token).toBeGreaterThan(lease?.token ?? Number.POSITIVE_INFINITY);
    expect(await bucketA.holder("ledger")).toBe("n2");
    await taken?.release();
    expect(lost).toEqual([]);
  });

  it("counts with the bucket's TTL when a node is configured with another", async () => {
    const bucketA = await openLeaseBucket(first, logger);
    const bucketB = await openLeaseBucket(second, logger);
    expect(bucketA.ttlMs).toBe(1000);
    // n2 asked for 5 s, but the bucket expires leases after 1 s: fencing must use 1 s.
    expect(bucketB.ttlMs).toBe(1000);
  });
});
