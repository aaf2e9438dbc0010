/** Cluster mode refuses a setup that cannot form one world, with a coded error, before anything starts. */
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { HostErrorCode } from "../errors.js";
import { createHost } from "../host/create-host.js";
import { createMemoryEventStore } from "../storage/memory-event-store.js";
import { createMemoryKvStore } from "../storage/memory-kv-store.js";
import { createMemoryCharacterStore } from "../world/character-store.js";
import { checkClusterOptions, connectCluster } from "./nats-connection.js";

const logger = pino({ level: "silent" });

describe("cluster options", () => {
  it("createHost refuses cluster mode on the in-memory store, or with a store missing", async () => {
    await expect(
      createHost({ logger, processFaultHandlers: false, cluster: { natsUrl: "nats://127.0.0.1:4222" } }),
    ).rejects.toMatchObject({ code: HostErrorCode.CLUSTER_CONFIG_INVALID, field: "storage" });
    // Without a shared character store every host would give a name its own id.
    await expect(
      createHost({
        logger,
        processFaultHandlers: false,
        storage: { kv: createMemoryKvStore(), events: createMemoryEventStore() },
        cluster: { natsUrl: "nats://127.0.0.1:4222" },
      }),
    ).rejects.toMatchObject({ code: HostErrorCode.CLUSTER_CONFIG_INVALID, field: "storage" });
  });

  it("refuses a bad node id and a URL that is not NATS, naming the field", () => {
    expect(() => checkClusterOptions({ natsUrl: "nats://127.0.0.1:4222", nodeId: "a b" })).toThrow(
      expect.objectContaining({ code: HostErrorCode.CLUSTER_CONFIG_INVALID, field: "cluster.nodeId" }),
    );
    expect(() => checkClusterOptions({ natsUrl: "http://127.0.0.1:4222" })).toThrow(
      expect.objectContaining({ code: HostErrorCode.CLUSTER_CONFIG_INVALID, field: "cluster.natsUrl" }),
    );
  });

  it("says CLUSTER_UNAVAILABLE when NATS cannot be reached", async () => {
    await expect(connectCluster({ natsUrl: "nats://127.0.0.1:1", nodeId: "n1" }, logger)).rejects.toMatchObject({
      code: HostErrorCode.CLUSTER_UNAVAILABLE,
    });
  });

  it("createHost with storage given still connects first (a shared store is the embedder's promise)", async () => {
    await expect(
      createHost({
        logger,
        processFaultHandlers: false,
        storage: {
          kv: createMemoryKvStore(),
          events: createMemoryEventStore(),
          characters: createMemoryCharacterStore(),
        },
        cluster: { natsUrl: "nats://127.0.0.1:1", nodeId: "n1" },
      }),
    ).rejects.toMatchObject({ code: HostErrorCode.CLUSTER_UNAVAILABLE });
  });
});
