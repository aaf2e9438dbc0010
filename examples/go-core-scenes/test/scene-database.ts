/**
 * Test support: a throwaway database on the real PostgreSQL server
 * (HOLOMUSH_TEST_DATABASE_URL, or the one the vitest global setup starts:
 * docs/testing.md), with a random role prefix (roles are cluster-wide); the
 * host provisions core-scenes' schema and role in it. Reopenable on the same
 * data so a test can restart the host; dropped afterwards.
 */
import { randomBytes } from "node:crypto";
import { openStorage, type Storage } from "@holomush/host";
import { testDatabaseUrl } from "@holomush/test-services";
import pg from "pg";
import { pino } from "pino";

export interface SceneDatabase {
  /** The host's storage on this database, the same data every time. */
  open(): Promise<Storage>;
  /** Runs SQL as the admin on this database. */
  query(text: string): Promise<pg.QueryResult>;
  dispose(): Promise<void>;
}

const logger = pino({ level: "silent" });

export async function createSceneDatabase(): Promise<SceneDatabase> {
  const suffix = randomBytes(4).toString("hex");
  const database = `holomush_go_scenes_${suffix}`;
  const rolePrefix = `gs${suffix}_`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  return {
    open: () => openStorage({ databaseUrl, logger, rolePrefix }),
    async query(text) {
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
