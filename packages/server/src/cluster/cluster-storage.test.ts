/**
 * A singleton with `storage: postgres` across nodes: its database role's
 * password is reset only by the node that runs it, so a node joining later
 * does not lock the running instance out, and the node that takes it over
 * logs in with a password of its own.
 */
import { join } from "node:path";
import { findNatsServer } from "@holomush/test-services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConsoleClient, connectConsole } from "../console/console-client.test-support.js";
import type { HostProcess } from "../console/host-process.test-support.js";
import { type ClusterFixture, closeClient, startClusterFixture } from "./cluster-process.test-support.js";

const VAULT_PLUGINS = join(import.meta.dirname, "__fixtures__", "storage-plugins");
const ROLE = "plugin_cluster_vault";

describe.skipIf(!findNatsServer())("a storage: postgres singleton", () => {
  let cluster: ClusterFixture;
  const clients: ConsoleClient[] = [];

  beforeAll(async () => {
    cluster = await startClusterFixture("cluster_storage");
    for (const node of ["node-a", "node-b"]) {
      await cluster.addHost(node, ["--plugins", VAULT_PLUGINS, "--lease-ttl", "1500"], { HOLOMUSH_NODE_ID: node });
    }
  }, 180_000);
  afterAll(async () => {
    await Promise.all(clients.map(closeClient));
    // Roles are cluster-wide: the plugin's goes with the throwaway database.
    await cluster?.dispose([ROLE]);
  }, 60_000);

  it("logs in where it runs, after another node joined and after a takeover", async () => {
    const [a, b] = cluster.hosts as [HostProcess, HostProcess];
    const alice = await connectConsole(b.consolePort);
    clients.push(alice);
    await alice.expectLine(/What is your name\?/);
    alice.send("Alice");
    await alice.expectLine(/^Welcome, Alice\./);

    // node-a started first and runs it; node-b joined later and must not have reset its password.
    alice.send("vault-check");
    expect(await alice.expectLine(/^vault /, 10_000)).toBe(`vault ok as ${ROLE} via host ${a.child.pid}`);

    a.child.kill("SIGKILL");
    const deadline = Date.now() + 30_000;
    let answer = "";
    while (Date.now() < deadline) {
      alice.send("vault-check");
      // Until another node runs it: "not running", "failed" (no node answers) or "took too long".
      answer = await alice.expectLine(/^vault |not running|unavailable|failed|too long/, 10_000);
      if (answer.startsWith("vault ")) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(answer).toBe(`vault ok as ${ROLE} via host ${b.child.pid}`);
  }, 90_000);
});
