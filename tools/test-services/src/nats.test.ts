import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { natsIsRequired } from "./environment.js";
import { findNatsServer, type RunningNats, startNats } from "./nats.js";

const binary = findNatsServer();
// Without a binary (and outside CI) the global setup has said so in one line; these count as skipped.

describe.skipIf(!binary && !natsIsRequired())("startNats", () => {
  let server: RunningNats;
  beforeAll(async () => {
    server = await startNats();
  }, 30_000);
  afterAll(() => server?.dispose());

  it("runs a real nats-server with JetStream that de-duplicates by message id", async () => {
    const nc = await connect({ servers: server.url });
    try {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name: "PROBE", subjects: ["probe.>"] });
      const js = jetstream(nc);
      const first = await js.publish("probe.a", "one", { msgID: "id-1" });
      const again = await js.publish("probe.a", "one", { msgID: "id-1" });
      expect(first.duplicate).toBe(false);
      expect(again.duplicate).toBe(true);
      expect((await jsm.streams.info("PROBE")).state.messages).toBe(1);
    } finally {
      await nc.close();
    }
  });

  it("keeps its JetStream store across a kill and a start on the same port", async () => {
    await server.kill();
    await expect(connect({ servers: server.url, reconnect: false })).rejects.toThrow();
    await server.start();
    const nc = await connect({ servers: server.url });
    try {
      const jsm = await jetstreamManager(nc);
      expect((await jsm.streams.info("PROBE")).state.messages).toBe(1);
    } finally {
      await nc.close();
    }
  });
});
