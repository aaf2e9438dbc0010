/**
 * Test support: a throwaway database on the real
 * PostgreSQL server named by HOLOMUSH_TEST_DATABASE_URL — the package's
 * vitest global setup starts one when the variable is unset (docs/testing.md)
 * — created for one test file and dropped (with its connections) afterwards.
 * The server may be shared, so names are random and nothing else on it is touched.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { testDatabaseUrl } from "./environment.js";

export interface ThrowawayDatabase {
  name: string;
  /** Connection string to the new database, as the admin user. */
  url: string;
  /** Runs one statement as the admin user on the admin database. */
  admin(text: string, params?: unknown[]): Promise<pg.QueryResult>;
  /** Terminates every backend connected to this database (simulates a server restart). */
  terminateConnections(): Promise<number>;
  /** Drops the database, then these cluster-wide roles (plugin roles the test created), and disconnects. */
  drop(roles?: readonly string[]): Promise<void>;
}

export function urlForDatabase(base: string, database: string, user?: { name: string; password?: string }): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  if (user) {
    url.username = encodeURIComponent(user.name);
    url.password = user.password === undefined ? "" : encodeURIComponent(user.password);
  }
  return url.toString();
}

export async function createThrowawayDatabase(label: string): Promise<ThrowawayDatabase> {
  const name = `holomush_${label}_${randomBytes(4).toString("hex")}`;
  const adminUrl = testDatabaseUrl();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  return {
    name,
    url: urlForDatabase(adminUrl, name),
    admin: (text, params) => admin.query(text, params),
    async terminateConnections() {
      const { rows } = await admin.query<{ ok: boolean }>(
        "SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
        [name],
      );
      return rows.filter((row) => row.ok).length;
    },
    async drop(roles = []) {
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        for (const role of roles) await admin.query(`DROP ROLE IF EXISTS "${role.replaceAll('"', '""')}"`);
      } finally {
        await admin.end();
      }
    },
  };
}
