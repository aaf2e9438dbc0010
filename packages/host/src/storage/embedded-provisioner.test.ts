import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isHostError } from "../errors.js";
import { createEmbeddedProvisioner } from "./embedded-provisioner.js";
import type { PluginDatabase, SchemaProvisioner } from "./plugin-provisioner.js";

/** Each PGlite takes ~2 s to start alone; much more on a busy shared machine. */
const STARTUP_TIMEOUT_MS = 60_000;
const dataDir = mkdtempSync(join(tmpdir(), "holomush-embedded-"));
let provisioner: SchemaProvisioner;
let alpha: PluginDatabase;
let beta: PluginDatabase;

async function asPlugin<T>(plugin: PluginDatabase, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: plugin.connectionString });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  provisioner = createEmbeddedProvisioner({ dataDir });
  [alpha, beta] = await Promise.all([provisioner.provision("alpha"), provisioner.provision("beta-two")]);
}, STARTUP_TIMEOUT_MS);
afterAll(async () => {
  await provisioner?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("createEmbeddedProvisioner (PGlite over pglite-socket)", () => {
  it("hands out a unix-socket connection string with the same search_path contract", async () => {
    expect(alpha).toMatchObject({ schema: "plugin_alpha", role: "plugin_alpha" });
    expect(beta.schema).toBe("plugin_beta_two");
    expect(alpha.connectionString).toContain("options=-c%20search_path%3Dplugin_alpha");
    await asPlugin(alpha, async (client) => {
      expect((await client.query("SELECT current_schema()")).rows).toEqual([{ current_schema: "plugin_alpha" }]);
      await client.query("CREATE TABLE notes (body text)");
      await client.query("INSERT INTO notes VALUES ('alpha only')");
    });
    expect(await provisioner.provision("alpha")).toEqual(alpha);
  });

  it("gives each plugin its own database: no other plugin's tables, no host tables", async () => {
    await asPlugin(beta, async (client) => {
      const tables = await client.query(
        "SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')",
      );
      expect(tables.rows).toEqual([]);
      await expect(client.query("SELECT * FROM plugin_alpha.notes")).rejects.toMatchObject({ code: "42P01" });
      await expect(client.query("SELECT * FROM holomush.kv")).rejects.toMatchObject({ code: "42P01" });
    });
  });

  it("runs each plugin database with the plugin defaults, and serves more connections than max_connections", async () => {
    // max_connections only sizes PGlite's shared memory (pglite-settings.ts): its sockets share one backend.
    const clients = Array.from({ length: 12 }, () => new pg.Client({ connectionString: alpha.connectionString }));
    await Promise.all(clients.map((client) => client.connect()));
    try {
      const answers = await Promise.all(
        clients.map((client) =>
          client.query<{ shared_buffers: string; max_connections: string }>(
            "SELECT current_setting('shared_buffers') AS shared_buffers, current_setting('max_connections') AS max_connections",
          ),
        ),
      );
      for (const answer of answers) expect(answer.rows).toEqual([{ shared_buffers: "4MB", max_connections: "8" }]);
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
  });

  it("documents PGlite's limits: the socket ignores the login role, and connections share one session", async () => {
    await asPlugin(alpha, async (first) => {
      await asPlugin(alpha, async (second) => {
        expect((await first.query("SELECT current_user")).rows).toEqual([{ current_user: "postgres" }]);
        await first.query("SET application_name = 'shared-session'");
        expect((await second.query("SELECT current_setting('application_name') AS name")).rows).toEqual([
          { name: "shared-session" },
        ]);
        await first.query("RESET application_name");
      });
    });
  });

  it(
    "keeps a plugin's data across a restart of the embedded server",
    async () => {
      await provisioner.close();
      provisioner = createEmbeddedProvisioner({ dataDir });
      alpha = await provisioner.provision("alpha");
      beta = await provisioner.provision("beta-two");
      await asPlugin(alpha, async (client) => {
        expect((await client.query("SELECT body FROM notes")).rows).toEqual([{ body: "alpha only" }]);
      });
    },
    STARTUP_TIMEOUT_MS,
  );

  it("refuses an invalid plugin name and calls after close", async () => {
    const error = await provisioner.provision("Not_Valid").catch((caught: unknown) => caught);
    expect(isHostError(error, "STORAGE_SCHEMA_NAME_INVALID")).toBe(true);
    const closedOne = createEmbeddedProvisioner({ dataDir });
    await closedOne.close();
    await expect(closedOne.provision("alpha")).rejects.toMatchObject({ code: "STORAGE_UNAVAILABLE" });
  });
});
