import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { natsIsRequired } from "./environment.js";
import { findNatsServer, type RunningNats, startNats } from "./nats.js";

const binary = findNatsServer();
if (!binary && !natsIsRequired()) console.warn("nats.test: nats-server is not on PATH, so these tests are skipped");

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
