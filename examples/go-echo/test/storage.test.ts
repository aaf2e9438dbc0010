/**
 * pluginsdk/storage through the host's provisioning: testplugins/notes
 * (`storage: postgres`) gets its schema, role and connection string from the
 * host in Init, runs its embedded migrations with storage.RunMigrations and
 * keeps rows there — on the embedded engine (PGlite) and on the real
 * PostgreSQL server (HOLOMUSH_TEST_DATABASE_URL, a throwaway database).
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createProcessRuntime, openStorage, type Storage } from "@holomush/host";
import { CommandStatus } from "@holomush/proto";
import { createTestHost, type TestHost } from "@holomush/testkit";
import pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { goEchoUnbuilt } from "./built.js";

const ADMIN_URL = process.env.HOLOMUSH_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const logger = pino({ level: "silent" });

interface Engine {
  open(): Promise<Storage>;
  dispose(): Promise<void>;
}

function pglite(): Engine {
  const dataDir = mkdtempSync(join(tmpdir(), "go-notes-"));
  return {
    open: () => openStorage({ dataDir, logger }),
    dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

async function postgres(): Promise<Engine> {
  const suffix = randomBytes(4).toString("hex");
  const database = `holomush_go_notes_${suffix}`;
  const rolePrefix = `gn${suffix}_`;
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
        await admin.query(`DROP ROLE IF EXISTS ${rolePrefix}plugin_go_notes`);
      } finally {
        await admin.end();
      }
    },
  };
}

const engines: [string, () => Engine | Promise<Engine>][] = [
  ["embedded PGlite", pglite],
  ["PostgreSQL", postgres],
];

describe.skipIf(goEchoUnbuilt()).each(engines)("a Go plugin on its own schema (%s)", (_name, makeEngine) => {
  let engine: Engine;
  let t: TestHost;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "go-notes-plugin-"));
    const source = join(import.meta.dirname, "..", "testplugins", "notes");
    copyFileSync(join(source, "plugin.yaml"), join(dir, "plugin.yaml"));
    execFileSync("go", ["build", "-o", join(dir, "go-notes"), "./testplugins/notes"], {
      cwd: join(import.meta.dirname, ".."),
      stdio: "inherit",
    });
    engine = await makeEngine();
    t = await createTestHost({
      runtimes: [(host) => createProcessRuntime(host)],
      host: { storage: await engine.open() },
    });
    await t.loadPluginDir(dir);
  }, 180_000);

  afterAll(async () => {
    await t?.stop();
    await engine?.dispose();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it("migrates, writes and reads its rows in the schema the host provisioned", async () => {
    const alice = await t.character("Alice");
    expect((await alice.run("gonote schema")).output).toBe("plugin_go_notes plugin_go_notes");
    expect(await alice.run("gonote add buy milk")).toMatchObject({ status: CommandStatus.OK, output: "noted" });
    expect((await alice.run("gonote add call Bob")).output).toBe("noted");
    expect((await alice.run("gonote list")).output).toBe("buy milk|call Bob");
  });
});
