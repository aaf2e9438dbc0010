/**
 * A `storage: postgres` plugin on its SDK's storage helper, whatever its
 * language: the host provisions the plugin's schema and role and hands the
 * connection string over in Init; the plugin runs its migrations from its
 * directory and keeps rows there — on the embedded engine (PGlite) and on the
 * real PostgreSQL server (HOLOMUSH_TEST_DATABASE_URL, in a throwaway database).
 * The plugin answers `<command> add <text>` ("noted"), `<command> list`
 * (bodies joined by "|") and `<command> schema` ("<parsed schema> <current_schema()>").
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStorage, type Storage } from "@holomush/host";
import { CommandStatus } from "@holomush/proto";
import { createTestHost, type TestHost, type TestRuntime } from "@holomush/testkit";
import pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

export interface StoragePluginSuite {
  /** The describe() title; the engine's name is appended. */
  title: string;
  /** The plugin's manifest name (its schema is plugin_<name, with _ for ->). */
  plugin: string;
  /** Its notes command. */
  command: string;
  runtimes: TestRuntime[];
  /** Skip the suite (not built here). */
  skip?: boolean;
  /** Makes the plugin's directory (builds it, writes its launcher); returns it and how to clean up. */
  prepare(): { dir: string; cleanup(): void };
  /** How long prepare may take (a `go build` on a busy machine). */
  prepareTimeoutMs?: number;
}

interface Engine {
  open(): Promise<Storage>;
  dispose(): Promise<void>;
}

const ADMIN_URL = process.env.HOLOMUSH_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const logger = pino({ level: "silent" });

function pglite(): Engine {
  const dataDir = mkdtempSync(join(tmpdir(), "notes-pglite-"));
  return {
    open: () => openStorage({ dataDir, logger }),
    dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

async function postgres(schema: string): Promise<Engine> {
  const suffix = randomBytes(4).toString("hex");
  const database = `holomush_notes_${suffix}`;
  const rolePrefix = `nt${suffix}_`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return {
    open: () => openStorage({ databaseUrl: url.toString(), logger, rolePrefix }),
    async dispose() {
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        await admin.query(`DROP ROLE IF EXISTS ${rolePrefix}${schema}`);
      } finally {
        await admin.end();
      }
    },
  };
}

export function describeStoragePlugin(suite: StoragePluginSuite): void {
  const schema = `plugin_${suite.plugin.replaceAll("-", "_")}`;
  const engines: [string, () => Engine | Promise<Engine>][] = [
    ["embedded PGlite", pglite],
    ["PostgreSQL", () => postgres(schema)],
  ];
  describe.skipIf(suite.skip ?? false).each(engines)(`${suite.title} (%s)`, (_name, makeEngine) => {
    let engine: Engine | undefined;
    let t: TestHost | undefined;
    let cleanup = () => {};

    beforeAll(async () => {
      const prepared = suite.prepare();
      cleanup = prepared.cleanup;
      engine = await makeEngine();
      t = await createTestHost({ runtimes: suite.runtimes, host: { storage: await engine.open() } });
      await t.loadPluginDir(prepared.dir);
    }, suite.prepareTimeoutMs ?? 60_000);

    afterAll(async () => {
      await t?.stop();
      await engine?.dispose();
      cleanup();
    }, 30_000);

    it("migrates, writes and reads its rows in the schema the host provisioned", async () => {
      const alice = await (t as TestHost).character("Alice");
      const note = suite.command;
      expect((await alice.run(`${note} schema`)).output).toBe(`${schema} ${schema}`);
      expect(await alice.run(`${note} add buy milk`)).toMatchObject({ status: CommandStatus.OK, output: "noted" });
      expect((await alice.run(`${note} add call Bob`)).output).toBe("noted");
      expect((await alice.run(`${note} list`)).output).toBe("buy milk|call Bob");
    });
  });
}
