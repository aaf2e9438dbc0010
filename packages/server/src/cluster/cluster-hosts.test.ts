/**
 * Three real `holomush-host run --cluster` processes on one NATS JetStream and
 * one PostgreSQL: players connected to different hosts hear each other.
 */
import { findNatsServer } from "@holomush/test-services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConsoleClient, connectConsole } from "../console/console-client.test-support.js";
import { TALK_PLUGINS } from "../console/host-process.test-support.js";
import { type ClusterFixture, closeClient, startClusterFixture } from "./cluster-process.test-support.js";

describe.skipIf(!findNatsServer())("a cluster of three hosts", () => {
  let cluster: ClusterFixture;
  const clients: ConsoleClient[] = [];

  beforeAll(async () => {
    cluster = await startClusterFixture("cluster_talk");
    for (const node of ["node-a", "node-b", "node-c"]) await cluster.addHost(node, ["--plugins", TALK_PLUGINS]);
  }, 180_000);
  afterAll(async () => {
    await Promise.all(clients.map(closeClient));
    await cluster?.dispose();
  }, 60_000);

  async function player(hostIndex: number, name: string): Promise<ConsoleClient> {
    const client = await connectConsole(cluster.hosts[hostIndex]?.consolePort ?? 0);
    clients.push(client);
    await client.expectLine(/What is your name\?/);
    client.send(name);
    await client.expectLine(new RegExp(`^Welcome, ${name}\\.`));
    return client;
  }

  it("players on different hosts see each other arrive, speak and leave", async () => {
    const alice = await player(0, "Alice");
    const bob = await player(1, "Bob");
    await alice.expectLine(/^Bob has arrived\.$/, 10_000);
    const carol = await player(2, "Carol");
    await alice.expectLine(/^Carol has arrived\.$/, 10_000);
    await bob.expectLine(/^Carol has arrived\.$/, 10_000);

    alice.send("say hello from a");
    expect(await bob.expectLine(/says/, 10_000)).toBe('Alice says, "hello from a"');
    expect(await carol.expectLine(/says/, 10_000)).toBe('Alice says, "hello from a"');
    expect(await alice.expectLine(/says/, 10_000)).toBe('Alice says, "hello from a"');

    carol.send("pose waves from c");
    expect(await alice.expectLine(/waves/, 10_000)).toBe("Carol waves from c");
    expect(await bob.expectLine(/waves/, 10_000)).toBe("Carol waves from c");
  }, 60_000);

  it("every host sees one stream's events in the same order", async () => {
    const [alice, bob, carol] = clients as [ConsoleClient, ConsoleClient, ConsoleClient];
    // Two speakers on two hosts at once: whatever order JetStream stored, all three hear that order.
    for (let i = 0; i < 10; i++) {
      alice.send(`say a${i}`);
      bob.send(`say b${i}`);
    }
    const heard = async (client: ConsoleClient) => {
      const lines: string[] = [];
      while (lines.length < 20) lines.push(await client.expectLine(/says, "[ab]\d"/, 15_000));
      return lines;
    };
    const [a, b, c] = await Promise.all([heard(alice), heard(bob), heard(carol)]);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    // Each speaker's own lines keep their order.
    expect(a.filter((line) => line.includes('"a')).map((line) => line.slice(-3, -1))).toEqual(
      Array.from({ length: 10 }, (_, i) => `a${i}`),
    );
  }, 60_000);
});
