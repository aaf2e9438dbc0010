/**
 * Reads a plugin's migrations directory (docs/storage.md): every `.sql`
 * file must be `NNNNNN_name.up.sql` or `NNNNNN_name.down.sql` (six digits,
 * an underscore, a name of letters, digits, `_` or `-`). Up migrations are
 * returned in version order; down migrations are accepted but never run.
 * Anything else ending in `.sql` is refused, so a misnamed migration cannot
 * be silently skipped; files with other extensions (README.md) are ignored.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { StorageError, StorageErrorCode } from "./storage-error.js";

/** A migration file name: six-digit version, name, `up` or `down`, `.sql`. */
export const MIGRATION_FILE_PATTERN = /^(\d{6})_([A-Za-z0-9_-]+)\.(up|down)\.sql$/;

/** One migration file found by readMigrationFiles. */
export interface MigrationFile {
  /** The six-digit version, as a number. */
  version: number;
  /** The `name` part of the file name. */
  name: string;
  /** The file name, e.g. `000001_create_scenes.up.sql`. */
  file: string;
  /** The file's full path (the directory joined with `file`). */
  path: string;
}

/**
 * The `.up.sql` migrations in `dir`, in version order; throws StorageError for a misnamed `.sql` file or a duplicate version.
 */
export async function readMigrationFiles(dir: string): Promise<MigrationFile[]> {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name);
  } catch (error) {
    throw new StorageError(
      StorageErrorCode.MIGRATIONS_UNREADABLE,
      `cannot read migrations directory ${dir}: ${error instanceof Error ? error.message : String(error)}`,
      { file: dir, cause: error },
    );
  }
  const byVersion = new Map<number, MigrationFile>();
  for (const file of names.filter((name) => name.toLowerCase().endsWith(".sql")).sort()) {
    const match = MIGRATION_FILE_PATTERN.exec(file);
    if (!match) {
      throw new StorageError(
        StorageErrorCode.MIGRATION_NAME_INVALID,
        `migration file ${file} is badly named: expected NNNNNN_name.up.sql (or .down.sql), e.g. 000001_create_scenes.up.sql`,
        { file: join(dir, file) },
      );
    }
    const [, digits, name, direction] = match as unknown as [string, string, string, "up" | "down"];
    if (direction === "down") continue;
    const version = Number(digits);
    const clash = byVersion.get(version);
    if (clash) {
      throw new StorageError(
        StorageErrorCode.MIGRATION_VERSION_DUPLICATE,
        `migrations ${clash.file} and ${file} share version ${digits}`,
        { file: join(dir, file), details: { version: digits } },
      );
    }
    byVersion.set(version, { version, name, file, path: join(dir, file) });
  }
  return [...byVersion.values()].sort((a, b) => a.version - b.version);
}

export async function readMigrationSql(migration: MigrationFile): Promise<string> {
  try {
    return await readFile(migration.path, "utf8");
  } catch (error) {
    throw new StorageError(
      StorageErrorCode.MIGRATIONS_UNREADABLE,
      `cannot read migration ${migration.file}: ${error instanceof Error ? error.message : String(error)}`,
      { file: migration.path, cause: error },
    );
  }
}
