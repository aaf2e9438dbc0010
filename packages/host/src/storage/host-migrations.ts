/**
 * The host's own tables, in the `holomush` schema, created by numbered
 * migrations recorded in `holomush.schema_migrations`. Each migration runs in
 * its own transaction under an advisory lock, so two hosts starting against
 * one database apply it once. Append new migrations; never edit a shipped one.
 *
 * Choices the stores rely on:
 * - KV keys are `bytea` (the key's UTF-8 bytes) so ORDER BY is UTF-8 byte
 *   order on every server regardless of the database's collation.
 * - Event ids are `text COLLATE "C"`: ULIDs sort by bytes = by time, and the
 *   primary key (stream, id) serves QueryStreamHistory's newest-first scan.
 */
import { HostError, HostErrorCode } from "../errors.js";
import type { SqlClient } from "./sql-client.js";

export const HOST_SCHEMA = "holomush";

export interface HostMigration {
  version: number;
  name: string;
  sql: string;
}

export const HOST_MIGRATIONS: readonly HostMigration[] = [
  {
    version: 1,
    name: "kv_and_events",
    sql: `
      CREATE TABLE holomush.kv (
        namespace  text        NOT NULL,
        key        bytea       NOT NULL,
        value      bytea       NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (namespace, key)
      );
      CREATE TABLE holomush.events (
        stream     text             NOT NULL,
        id         text COLLATE "C" NOT NULL,
        type       text             NOT NULL,
        ts         bigint           NOT NULL,
        actor_kind integer          NOT NULL,
        actor_id   text             NOT NULL,
        payload    text             NOT NULL,
        PRIMARY KEY (stream, id)
      );`,
  },
  {
    version: 2,
    name: "characters",
    // name_key is the lower-cased name: one character per name, whatever its case.
    sql: `
      CREATE TABLE holomush.characters (
        id         text        PRIMARY KEY,
        name       text        NOT NULL,
        name_key   text        NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      );`,
  },
];

/** Any constant distinct from other applications' advisory locks on the same database. */
const MIGRATION_LOCK_KEY = 0x486f6c6f; // "Holo"

/** Brings the host schema up to date; returns the versions it applied. */
export async function migrateHostSchema(
  client: SqlClient,
  migrations: readonly HostMigration[] = HOST_MIGRATIONS,
): Promise<number[]> {
  const newest = migrations.at(-1)?.version ?? 0;
  const applied: number[] = [];
  for (const migration of migrations) {
    const ran = await client.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
      await tx.query(`CREATE SCHEMA IF NOT EXISTS ${HOST_SCHEMA}`);
      await tx.query(`CREATE TABLE IF NOT EXISTS ${HOST_SCHEMA}.schema_migrations (
        version    integer     PRIMARY KEY,
        name       text        NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const { rows } = await tx.query<{ version: number }>(
        `SELECT max(version)::integer AS version FROM ${HOST_SCHEMA}.schema_migrations`,
      );
      const current = rows[0]?.version ?? 0;
      if (current > newest) {
        throw new HostError(
          HostErrorCode.STORAGE_SCHEMA_TOO_NEW,
          `the database's host schema is at version ${current}, newer than this host knows (${newest}); upgrade the host`,
          { details: { version: String(current), known: String(newest) } },
        );
      }
      if (current >= migration.version) return false;
      await tx.exec(migration.sql);
      await tx.query(`INSERT INTO ${HOST_SCHEMA}.schema_migrations (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
      return true;
    });
    if (ran) applied.push(migration.version);
  }
  return applied;
}
