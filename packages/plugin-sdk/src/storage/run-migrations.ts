/**
 * runMigrations: applies a plugin's `NNNNNN_name.up.sql` files in version
 * order, each in its own transaction together with its row in
 * `plugin_migrations(version, name, applied_at)` (created in the plugin's
 * schema on first use). Applied versions are skipped; `.down.sql` files are
 * never run. A failing migration is rolled back alone — earlier ones stay
 * applied — and reported as MIGRATION_FAILED with its file, the line of the
 * error when the server gives a position, and the cause.
 *
 * Migration files must not contain their own BEGIN/COMMIT. Concurrent runs
 * (two replicas starting) are serialised by a session advisory lock.
 */
import { readMigrationFiles, readMigrationSql } from "./migration-files.js";
import { StorageError, StorageErrorCode } from "./storage-error.js";

/** One connection: what `pg.Client` and `pg.PoolClient` provide. */
export interface MigrationSession {
  /** Runs one SQL statement with optional positional parameters. */
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** A `pg.Pool` (a connection is checked out for the run) or a connected `pg.Client`. */
export type MigrationDatabase =
  | MigrationSession
  | {
      /** Checks a connection out of the pool. */
      connect(): Promise<
        MigrationSession & {
          /** Returns the connection to the pool; an error (or true) discards it instead. */
          release(error?: Error | boolean): void;
        }
      >;
      /** Connections the pool holds (present on a `pg.Pool`, which tells it from a Client). */
      totalCount: number;
    };

/** What runMigrations did. */
export interface MigrationReport {
  /** File names applied by this run, in order. */
  applied: string[];
  /** File names already recorded in plugin_migrations. */
  skipped: string[];
}

const LOCK = "hashtext(current_schema() || '.plugin_migrations')";

/**
 * Applies the pending `.up.sql` migrations in `dir`, each in its own transaction; throws MIGRATION_FAILED naming the file.
 */
export async function runMigrations(db: MigrationDatabase, dir: string): Promise<MigrationReport> {
  const migrations = await readMigrationFiles(dir);
  const pooled = "totalCount" in db ? await db.connect() : undefined;
  const session: MigrationSession = pooled ?? (db as MigrationSession);
  const report: MigrationReport = { applied: [], skipped: [] };
  let broken: Error | undefined;
  try {
    await session.query(`SELECT pg_advisory_lock(${LOCK})`);
    try {
      await session.query(`CREATE TABLE IF NOT EXISTS plugin_migrations (
        version    bigint      PRIMARY KEY,
        name       text        NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      for (const migration of migrations) {
        const sql = await readMigrationSql(migration);
        await session.query("BEGIN");
        try {
          const { rows } = await session.query("SELECT 1 FROM plugin_migrations WHERE version = $1", [
            migration.version,
          ]);
          if (rows.length > 0) {
            await session.query("COMMIT");
            report.skipped.push(migration.file);
            continue;
          }
          await session.query(sql);
          await session.query("INSERT INTO plugin_migrations (version, name) VALUES ($1, $2)", [
            migration.version,
            migration.name,
          ]);
          await session.query("COMMIT");
          report.applied.push(migration.file);
        } catch (error) {
          await session.query("ROLLBACK").catch((rollbackError: Error) => {
            broken = rollbackError;
          });
          throw new StorageError(
            StorageErrorCode.MIGRATION_FAILED,
            `migration ${migration.file} failed and was rolled back${lineOf(sql, error)}: ${messageOf(error)}`,
            { file: migration.path, details: { version: String(migration.version) }, cause: error },
          );
        }
      }
    } finally {
      await session.query(`SELECT pg_advisory_unlock(${LOCK})`).catch((unlockError: Error) => {
        broken ??= unlockError;
      });
    }
  } finally {
    // A connection whose rollback or unlock failed is destroyed, not reused.
    pooled?.release(broken ?? undefined);
  }
  return report;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** ` (line N)` from the server's 1-based character position, when it gave one. */
function lineOf(sql: string, error: unknown): string {
  const position = Number((error as { position?: unknown } | null)?.position);
  if (!Number.isInteger(position) || position < 1) return "";
  return ` (line ${sql.slice(0, position - 1).split("\n").length})`;
}
