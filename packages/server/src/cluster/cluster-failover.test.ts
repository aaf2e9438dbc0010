/**
 * Faults with real processes: three hosts, a singleton plugin (ledger) and a
 * replicated one (talk). The ledger's node is SIGKILLed while it handles an
 * event; players on the other nodes keep talking; another node takes the
 * ledger over and every `say` reaches it exactly once, in order. Then NATS
 * itself is restarted under the hosts.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findNatsServer } from "@holomush/test-services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConsoleClient, connectConsole } from "../console/console-client.test-support.js";
import { type HostProcess, TALK_PLUGINS } from "../console/host-process.test-support.js";
import { type ClusterFixture, closeClient, startClusterFixture } from "./cluster-process.test-support.js";

const LEDGER_PLUGINS = join(import.meta.dirname, "__fixtures__", "plugins");
const LEASE_TTL_MS = 1500;

interface LedgerLine {
  phase: "begin" | "done";
  node: string;
  id: string;
  message: string;
}

describe.skipIf(!findNatsServer())("cluster faults", () => {
  let cluster: ClusterFixture;
  let dir: string;
  let ledgerFile: string;
  const clients: ConsoleClient[] = [];
  const sent: string[] = [];

  const ledger = (): LedgerLine[] =>
    (existsSync(ledgerFile) ? readFileSync(ledgerFile, "utf8") : "")
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const [phase, node, id, ...rest] = line.split(" ");
        return { phase, node, id, message: rest.join(" ") } as LedgerLine;
      });

  async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
    const giveUpAt = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      if (Date.now() > giveUpAt) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function player(host: HostProcess, name: string): Promise<ConsoleClient> {
    const client = await connectConsole(host.consolePort);
    clients.push(client);
    await client.expectLine(/What is your name\?/);
    client.send(name);
    await client.expectLine(new RegExp(`^Welcome, ${name}\\.`));
    return client;
  }

  /** Alice says it on her node; Bob, on another node, must hear it. */
  async function say(alice: ConsoleClient, bob: ConsoleClient, message: string): Promise<void> {
    sent.push(message);
    alice.send(`say ${message}`);
    await bob.expectLine(new RegExp(`says, "${message}"$`), 20_000);
  }

  async function ledgerNode(client: ConsoleClient): Promise<string> {
    client.send("ledger-node");
    return (await client.expectLine(/^node=/, 10_000)).slice("node=".length);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "holomush-cluster-faults-"));
    ledgerFile = join(dir, "ledger.txt");
    cluster = await startClusterFixture("cluster_faults");
    for (const node of ["node-a", "node-b", "node-c"]) {
      await cluster.addHost(
        node,
        [
          "--plugins",
          TALK_PLUGINS,
          "--plugins",
          LEDGER_PLUGINS,
          "--replicated",
          "talk",
          "--lease-ttl",
          `${LEASE_TTL_MS}`,
        ],
        { HOLOMUSH_NODE_ID: node, HOLOMUSH_TEST_LEDGER: ledgerFile },
      );
    }
  }, 240_000);
  afterAll(async () => {
    await Promise.all(clients.map(closeClient));
    await cluster?.dispose();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("a SIGKILLed node's singleton comes back elsewhere; every say reaches it once, in order", async () => {
    const [a, b, c] = cluster.hosts as [HostProcess, HostProcess, HostProcess];
    const alice = await player(b, "Alice");
    const bob = await player(c, "Bob");
    await alice.expectLine(/^Bob has arrived\.$/, 10_000);
    // node-a started first, so it holds the ledger; Alice (node-b) reaches it by request/reply.
    expect(await ledgerNode(alice)).toBe("node-a");

    for (let i = 0; i < 10; i++) await say(alice, bob, `m${i}`);
    // Kill node-a while the ledger is inside handleEvent for "slow1" (not acked).
    await say(alice, bob, "slow1");
    await until("the ledger to start slow1", () => ledger().find((l) => l.phase === "begin" && l.message === "slow1"));
    const killedAt = Date.now();
    a.child.kill("SIGKILL");

    // Players on the surviving nodes notice nothing: each say is heard at once.
    for (let i = 10; i < 20; i++) await say(alice, bob, `m${i}`);
    const takeover = await until("another node to run the ledger", () =>
      [b, c]
        .flatMap((host) => host.logs)
        .find((entry) => entry.msg === "singleton plugin running on this node" && entry.plugin === "ledger"),
    );
    const failoverMs = Number(takeover.time) - killedAt;
    console.log(`[cluster-failover] ledger back on ${String(takeover.node)} ${failoverMs} ms after SIGKILL`);
    const newNode = await ledgerNode(bob);
    expect(["node-b", "node-c"]).toContain(newNode);
    for (let i = 20; i < 30; i++) await say(alice, bob, `m${i}`);

    const done = await until("every say in the ledger", () => {
      const lines = ledger().filter((l) => l.phase === "done");
      return lines.length >= sent.length ? lines : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 500)); // a duplicate would show up now
    const final = ledger().filter((l) => l.phase === "done");
    expect(final.map((l) => l.message)).toEqual(sent);
    expect(new Set(final.map((l) => l.id)).size).toBe(final.length);
    expect(done.find((l) => l.message === "slow1")?.node).toBe(newNode);
    expect(final.filter((l) => l.node === "node-a").map((l) => l.message)).toEqual(sent.slice(0, 10));
  }, 180_000);

  it("NATS restarted under the hosts: they reconnect, a say sent during the outage arrives, the ledger catches up", async () => {
    const [alice, bob] = clients as [ConsoleClient, ConsoleClient];
    await cluster.nats.stop();
    // Published while NATS is down: the host retries it (same event id, so at most once in the stream).
    sent.push("during-outage");
    alice.send("say during-outage");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await cluster.nats.start();
    await bob.expectLine(/says, "during-outage"$/, 30_000);
    for (let i = 0; i < 5; i++) await say(alice, bob, `after${i}`);
    await until("the ledger to catch up", () => {
      const lines = ledger().filter((l) => l.phase === "done");
      return lines.length >= sent.length ? lines : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const final = ledger().filter((l) => l.phase === "done");
    expect(final.map((l) => l.message)).toEqual(sent);
  }, 120_000);

  it("a holder stopped with SIGTERM gives its lease up; the last node takes the singleton over", async () => {
    const [alice, bob] = clients as [ConsoleClient, ConsoleClient];
    const nodes = ["node-a", "node-b", "node-c"];
    const holderName = await ledgerNode(alice);
    const holder = cluster.hosts[nodes.indexOf(holderName)] as HostProcess;
    const survivor = cluster.hosts[nodes.indexOf(holderName === "node-b" ? "node-c" : "node-b")] as HostProcess;
    const speaker = holderName === "node-b" ? bob : alice;
    const stoppedAt = Date.now();
    await holder.stop();
    expect(holder.exited()?.code).toBe(0);
    expect(
      holder.logs.some((e) => e.msg === "singleton plugin stopped on this node" && e.why === "host stopping"),
    ).toBe(true);
    const takeover = await until("the last node to run the ledger", () =>
      survivor.logs.find(
        (e) => e.msg === "singleton plugin running on this node" && e.plugin === "ledger" && Number(e.time) > stoppedAt,
      ),
    );
    console.log(
      `[cluster-failover] after SIGTERM: ledger on ${String(takeover.node)} ${Number(takeover.time) - stoppedAt} ms later`,
    );
    for (let i = 0; i < 3; i++) {
      sent.push(`last${i}`);
      speaker.send(`say last${i}`);
      await speaker.expectLine(new RegExp(`says, "last${i}"$`), 20_000);
    }
    await until("the ledger to have them", () =>
      ledger().filter((l) => l.phase === "done").length >= sent.length ? true : undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(
      ledger()
        .filter((l) => l.phase === "done")
        .map((l) => l.message),
    ).toEqual(sent);
  }, 120_000);
});
