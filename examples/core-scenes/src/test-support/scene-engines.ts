/**
 * Test support (not built): the two storage engines the plugin runs on, each
 * reopenable on the same data so a test can restart the host.
 * - pglite: the embedded default, files in a fresh temp directory.
 * - postgres: the real server named by HOLOMUSH_TEST_DATABASE_URL (the
 *   package's vitest global setup starts one when it is unset; see
 *   docs/testing.md). The server may be shared, so each run gets a throwaway database with a random name and a random
 *   role prefix (roles are cluster-wide), both dropped afterwards — as the
 *   host's own tests do (packages/host/src/storage/test-database.ts).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStorage, type Storage } from "@holomush/host";
import { testDatabaseUrl } from "@holomush/test-services";
import pg from "pg";
import { pino } from "pino";

export interface SceneEngine {
  readonly name: "pglite" | "postgres";
  /** The host's storage, on the same data every time it is opened. */
  open(): Promise<Storage>;
  /** Runs SQL as the admin on the plugin's database (postgres only: PGlite files are held by the host). */
  adminQuery?(text: string): Promise<pg.QueryResult>;
  /** Removes the data (temp directory, or database and plugin role). */
  dispose(): Promise<void>;
}

const logger = pino({ level: "silent" });

export function pgliteEngine(): SceneEngine {
  const dataDir = mkdtempSync(join(tmpdir(), "core-scenes-"));
  return {
    name: "pglite",
    open: () => openStorage({ dataDir, logger }),
    async dispose() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function postgresEngine(): Promise<SceneEngine> {
  const suffix = randomBytes(4).toString("hex");
  const database = `holomush_core_scenes_${suffix}`;
  const rolePrefix = `cs${suffix}_`;
  const adminUrl = testDatabaseUrl();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  return {
    name: "postgres",
    open: () => openStorage({ databaseUrl, logger, rolePrefix }),
    async adminQuery(text) {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        return await client.query(text);
      } finally {
        await client.end();
      }
    },
    async dispose() {
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        await admin.query(`DROP ROLE IF EXISTS ${rolePrefix}plugin_core_scenes`);
      } finally {
        await admin.end();
      }
    },
  };
}
