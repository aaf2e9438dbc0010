import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// The storage SDK plugins use (@holomush/plugin-sdk/storage, built): the
// end-to-end proof that a provisioned plugin can migrate its own schema.
import { connect, runMigrations } from "@holomush/plugin-sdk/storage";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStorage } from "./open-storage.js";
import { createThrowawayDatabase, type ThrowawayDatabase } from "./test-database.js";

const logger = pino({ level: "silent" });
const scratch = mkdtempSync(join(tmpdir(), "holomush-open-storage-"));
const migrations = join(scratch, "migrations");
mkdirSync(migrations);
writeFileSync(
  join(migrations, "000001_create_scenes.up.sql"),
  "CREATE TABLE scenes (id serial PRIMARY KEY, title text);",
);
writeFileSync(join(migrations, "000001_create_scenes.down.sql"), "DROP TABLE scenes;");
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Provisions `plugin`, migrates and writes a row as the plugin; returns the plugin's table contents. */
async function pluginRoundTrip(storage: Awaited<ReturnType<typeof openStorage>>, plugin: string, title?: string) {
  const database = await storage.provisioner.provision(plugin);
  const db = connect(database.connectionString);
  try {
    await runMigrations(db, migrations);
    if (title) await db.query("INSERT INTO scenes (title) VALUES ($1)", [title]);
    const hostTables = await db
      .query("SELECT to_regclass('holomush.kv') IS NOT NULL AS visible")
      .catch((error: { code?: string }) => ({ rows: [{ denied: error.code }] }));
    return { titles: (await db.query("SELECT title FROM scenes ORDER BY id")).rows, hostTables: hostTables.rows[0] };
  } finally {
    await db.end();
  }
}

describe("openStorage embedded (PGlite in dataDir)", () => {
  const dataDir = join(scratch, "data");

  it("serves KV, history and plugin databases, and keeps them across a restart", async () => {
    const first = await openStorage({ dataDir, logger });
    expect(first.engine).toBe("pglite");
    await first.kv.set("core-scenes", "k", new Uint8Array([1]));
    const before = await pluginRoundTrip(first, "core-scenes", "opening");
    expect(before.titles).toEqual([{ title: "opening" }]);
    // The plugin's database is its own PGlite: the host's tables do not exist there.
    expect(before.hostTables).toEqual({ visible: false });
    await first.kv.close?.();
    await first.close();

    const second = await openStorage({ dataDir, logger });
    expect(await second.kv.get("core-scenes", "k")).toEqual(new Uint8Array([1]));
    expect((await pluginRoundTrip(second, "core-scenes")).titles).toEqual([{ title: "opening" }]);
    await second.close();
  }, 120_000);

  it("needs a databaseUrl or a dataDir", async () => {
    await expect(openStorage({ logger })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
  });
});

describe("openStorage on PostgreSQL", () => {
  let database: ThrowawayDatabase;
  const plugin = `t${randomBytes(3).toString("hex")}-scenes`;
  beforeAll(async () => {
    database = await createThrowawayDatabase("open");
  });
  afterAll(async () => {
    await database?.drop([`plugin_${plugin.replace("-", "_")}`]);
  });

  it("serves KV, history and provisioned schemas, and keeps them across a restart", async () => {
    const first = await openStorage({ databaseUrl: database.url, logger });
    expect(first.engine).toBe("postgres");
    await first.kv.set("core-scenes", "k", new Uint8Array([2]));
    const before = await pluginRoundTrip(first, plugin, "opening");
    expect(before.titles).toEqual([{ title: "opening" }]);
    expect(before.hostTables).toEqual({ denied: "42501" });
    await first.close();

    const second = await openStorage({ databaseUrl: database.url, logger });
    expect(await second.kv.get("core-scenes", "k")).toEqual(new Uint8Array([2]));
    expect((await pluginRoundTrip(second, plugin)).titles).toEqual([{ title: "opening" }]);
    await second.close();
  });
});
