import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { testDatabaseUrl } from "@holomush/test-services";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type StorageClient } from "./connect.js";
import { runMigrations } from "./run-migrations.js";
import { isStorageError } from "./storage-error.js";

const ADMIN_URL = testDatabaseUrl();
const scratch = mkdtempSync(join(tmpdir(), "holomush-sdk-migrations-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A fresh directory holding `files` (name → SQL). */
function migrationsDir(files: Record<string, string>): string {
  const dir = join(scratch, randomBytes(4).toString("hex"));
  mkdirSync(dir);
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return dir;
}

interface Engine {
  /** A connection string whose search_path is a fresh, empty schema. */
  freshSchema(): Promise<string>;
  stop(): Promise<void>;
}

/** Real PostgreSQL: a throwaway database, one schema per test. */
async function postgresEngine(): Promise<Engine> {
  const name = `holomush_sdk_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const inDatabase = new pg.Client({ connectionString: url.toString() });
  await inDatabase.connect();
  return {
    async freshSchema() {
      const schema = `plugin_t${randomBytes(4).toString("hex")}`;
      await inDatabase.query(`CREATE SCHEMA ${schema}`);
      return `${url.toString()}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    },
    async stop() {
      await inDatabase.end();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** PGlite behind pglite-socket on a unix socket (startup options are ignored there; connect() SETs the path). */
async function pgliteEngine(): Promise<Engine> {
  const db = await PGlite.create();
  const socketDir = mkdtempSync(join(tmpdir(), "holomush-sdk-pg-"));
  const server = new PGLiteSocketServer({ db, path: join(socketDir, ".s.PGSQL.6001"), maxConnections: 8 });
  await server.start();
  return {
    async freshSchema() {
      const schema = `plugin_t${randomBytes(4).toString("hex")}`;
      await db.exec(`CREATE SCHEMA ${schema}`);
      const options = encodeURIComponent(`-c search_path=${schema}`);
      return `postgresql://plugin@localhost/postgres?host=${encodeURIComponent(socketDir)}&port=6001&options=${options}`;
    },
    async stop() {
      await server.stop();
      await db.close();
      rmSync(socketDir, { recursive: true, force: true });
    },
  };
}

describe.each([
  ["postgres", postgresEngine],
  ["pglite-socket", pgliteEngine],
])("runMigrations on %s", (_label, start) => {
  let engine: Engine;
  const pools: StorageClient[] = [];
  beforeAll(async () => {
    engine = await start();
  }, 60_000);
  afterAll(async () => {
    for (const pool of pools) await pool.end();
    await engine?.stop();
  });

  async function freshPool(): Promise<StorageClient> {
    const pool = connect(await engine.freshSchema());
    pools.push(pool);
    return pool;
  }

  it("applies up migrations in order, records them, skips them next time and never runs .down.sql", async () => {
    const db = await freshPool();
    const dir = migrationsDir({
      "000002_add_tags.up.sql": "ALTER TABLE scenes ADD COLUMN tags text[] NOT NULL DEFAULT '{}';",
      "000001_create_scenes.up.sql":
        "CREATE TABLE scenes (id serial PRIMARY KEY, title text);\nINSERT INTO scenes (title) VALUES ('first');",
      "000001_create_scenes.down.sql": "DROP TABLE scenes;",
      "README.md": "not a migration",
    });
    expect(await runMigrations(db, dir)).toEqual({
      applied: ["000001_create_scenes.up.sql", "000002_add_tags.up.sql"],
      skipped: [],
    });
    const recorded = await db.query("SELECT version::int AS version, name FROM plugin_migrations ORDER BY version");
    expect(recorded.rows).toEqual([
      { version: 1, name: "create_scenes" },
      { version: 2, name: "add_tags" },
    ]);
    expect((await db.query("SELECT title, tags FROM scenes")).rows).toEqual([{ title: "first", tags: [] }]);
    expect(await runMigrations(db, dir)).toEqual({
      applied: [],
      skipped: ["000001_create_scenes.up.sql", "000002_add_tags.up.sql"],
    });
  });

  it("rolls back only the failing migration and reports its file, line and cause", async () => {
    const db = await freshPool();
    const files = {
      "000001_ok.up.sql": "CREATE TABLE kept (x int);",
      "000002_broken.up.sql": "CREATE TABLE half (x int);\nINSERT INTO half VALUES (1);\nSELECT * FROM no_such_table;",
      "000003_later.up.sql": "CREATE TABLE later (x int);",
    };
    const error = await runMigrations(db, migrationsDir(files)).catch((caught: unknown) => caught);
    expect(isStorageError(error, "MIGRATION_FAILED")).toBe(true);
    expect((error as Error).message).toMatch(/000002_broken\.up\.sql.*\(line 3\).*no_such_table/);
    expect((error as { file: string }).file).toMatch(/000002_broken\.up\.sql$/);
    expect((error as Error).cause).toBeInstanceOf(Error);
    const tables = await db.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1",
    );
    expect(tables.rows.map((row) => row.table_name)).toEqual(["kept", "plugin_migrations"]);
    const fixed = migrationsDir({ ...files, "000002_broken.up.sql": "CREATE TABLE half (x int);" });
    expect((await runMigrations(db, fixed)).applied).toEqual(["000002_broken.up.sql", "000003_later.up.sql"]);
  });

  it("puts plugin_migrations and unqualified tables in the connection string's schema", async () => {
    const db = await freshPool();
    await runMigrations(db, migrationsDir({ "000001_t.up.sql": "CREATE TABLE t (x int);" }));
    const { rows } = await db.query(
      `SELECT current_schema() AS schema,
              to_regclass(current_schema() || '.t') IS NOT NULL AS t,
              to_regclass(current_schema() || '.plugin_migrations') IS NOT NULL AS recorded`,
    );
    expect(rows).toEqual([{ schema: expect.stringMatching(/^plugin_t/), t: true, recorded: true }]);
    expect((await db.query("SELECT to_regclass('public.t') AS leaked")).rows).toEqual([{ leaked: null }]);
  });
});

describe("migration files and connection strings", () => {
  const db = { query: async () => ({ rows: [] }) };

  it.each(["1_init.up.sql", "000001_init.sql", "000001-init.up.sql", "0000001_init.up.sql", "000001_.up.sql"])(
    "refuses the badly named file %s before touching the database",
    async (name) => {
      const error = await runMigrations(db, migrationsDir({ [name]: "SELECT 1;" })).catch((caught: unknown) => caught);
      expect(isStorageError(error, "MIGRATION_NAME_INVALID")).toBe(true);
      expect((error as Error).message).toContain(name);
    },
  );

  it("refuses two up migrations with one version, and an unreadable directory", async () => {
    const dir = migrationsDir({ "000001_a.up.sql": "", "000001_b.up.sql": "" });
    await expect(runMigrations(db, dir)).rejects.toMatchObject({ code: "MIGRATION_VERSION_DUPLICATE" });
    await expect(runMigrations(db, join(scratch, "missing"))).rejects.toMatchObject({ code: "MIGRATIONS_UNREADABLE" });
  });

  it.each(["", "not a url", "mysql://x@y/z", "postgres://x@y/z?options=-c%20search_path%3Dx;drop"])(
    "connect refuses the connection string %j",
    (connectionString) => {
      expect(() => connect(connectionString)).toThrow(expect.objectContaining({ code: "CONNECTION_STRING_INVALID" }));
    },
  );
});
