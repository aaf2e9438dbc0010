/**
 * Sessions and focus across nodes: a singleton running on node-a joins a
 * player connected to node-b to a scene (the focus call goes to node-b over
 * NATS), and that player then hears the scene from node-b.
 */
import { join } from "node:path";
import { findNatsServer } from "@holomush/test-services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConsoleClient, connectConsole } from "../console/console-client.test-support.js";
import { type HostProcess, TALK_PLUGINS } from "../console/host-process.test-support.js";
import { type ClusterFixture, closeClient, startClusterFixture } from "./cluster-process.test-support.js";

const LEDGER_PLUGINS = join(import.meta.dirname, "__fixtures__", "plugins");

describe.skipIf(!findNatsServer())("focus across nodes", () => {
  let cluster: ClusterFixture;
  const clients: ConsoleClient[] = [];

  beforeAll(async () => {
    cluster = await startClusterFixture("cluster_focus");
    for (const node of ["node-a", "node-b"]) {
      await cluster.addHost(node, ["--plugins", TALK_PLUGINS, "--plugins", LEDGER_PLUGINS, "--replicated", "talk"], {
        HOLOMUSH_NODE_ID: node,
      });
    }
  }, 180_000);
  afterAll(async () => {
    await Promise.all(clients.map(closeClient));
    await cluster?.dispose();
  }, 60_000);

  async function player(host: HostProcess, name: string): Promise<ConsoleClient> {
    const client = await connectConsole(host.consolePort);
    clients.push(client);
    await client.expectLine(/What is your name\?/);
    client.send(name);
    await client.expectLine(new RegExp(`^Welcome, ${name}\\.`));
    return client;
  }

  it("a singleton on node-a joins a node-b player to a scene, who then hears it", async () => {
    const [a, b] = cluster.hosts as [HostProcess, HostProcess];
    const alice = await player(b, "Alice");
    const bob = await player(a, "Bob");
    alice.send("ledger-node");
    expect(await alice.expectLine(/^node=/, 10_000)).toBe("node=node-a");

    alice.send("join-scene tavern");
    expect(await alice.expectLine(/^joined /, 10_000)).toBe("joined scene:tavern:ic,scene:tavern:ooc via node-a");
    bob.send("join-scene tavern");
    expect(await bob.expectLine(/^joined /, 10_000)).toBe("joined scene:tavern:ic,scene:tavern:ooc via node-a");

    bob.send("scene-say tavern a round for everyone");
    expect(await alice.expectLine(/a round for everyone/, 10_000)).toBe('Bob says, "a round for everyone"');
  }, 60_000);
});
