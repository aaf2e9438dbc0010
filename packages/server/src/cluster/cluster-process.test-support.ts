/**
 * Test support: real `holomush-host run --cluster` processes sharing one
 * nats-server (started here, so a test may kill or restart it) and one
 * throwaway PostgreSQL database.
 */
import { createThrowawayDatabase, type RunningNats, startNats, type ThrowawayDatabase } from "@holomush/test-services";
import type { ConsoleClient } from "../console/console-client.test-support.js";
import { type HostProcess, startHostProcess } from "../console/host-process.test-support.js";

/** Closes a console client; one whose host is gone already closed (its close event will not come again). */
export function closeClient(client: ConsoleClient): Promise<void> {
  return Promise.race([client.close(), new Promise<void>((resolve) => setTimeout(resolve, 1000))]);
}

export interface ClusterFixture {
  readonly nats: RunningNats;
  readonly database: ThrowawayDatabase;
  readonly hosts: HostProcess[];
  /** Starts one more host (after the previous ones: they migrate the shared schema one at a time). */
  addHost(nodeId: string, extraArgs?: string[], env?: NodeJS.ProcessEnv, natsUrl?: string): Promise<HostProcess>;
  /** Stops everything and drops the database, then these roles (plugin roles the hosts provisioned). */
  dispose(roles?: readonly string[]): Promise<void>;
}

export async function startClusterFixture(label: string): Promise<ClusterFixture> {
  const nats = await startNats();
  const database = await createThrowawayDatabase(label);
  const hosts: HostProcess[] = [];
  return {
    nats,
    database,
    hosts,
    async addHost(nodeId, extraArgs = [], env = {}, natsUrl = nats.url) {
      const host = await startHostProcess(
        ["--cluster", natsUrl, "--node-id", nodeId, "--database", database.url, ...extraArgs],
        60_000,
        env,
      );
      hosts.push(host);
      return host;
    },
    async dispose(roles = []) {
      await Promise.all(hosts.map((host) => host.stop().catch(() => undefined)));
      await nats.dispose();
      await database.drop(roles);
    },
  };
}
