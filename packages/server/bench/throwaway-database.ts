/**
 * A throwaway database on the PostgreSQL server HOLOMUSH_TEST_DATABASE_URL
 * names (bench/run.ts starts one when unset), dropped after the benchmark.
 */
import { randomBytes } from "node:crypto";
import { testDatabaseUrl } from "@holomush/test-services";
import pg from "pg";

export async function createThrowawayDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `holomush_${label}_${randomBytes(4).toString("hex")}`;
  const adminUrl = testDatabaseUrl();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}
