/**
 * The PGlite adapter of SqlClient: PostgreSQL compiled to WASM, running in
 * this process with its data in a directory (the embedded default).
 *
 * PGlite is one single-user session: it serialises queries and holds a
 * transaction's lock until the transaction ends, so the host's concurrent
 * calls queue instead of interleaving. A commit is written to the data
 * directory's files before the call resolves; closing and reopening the same
 * directory finds every acknowledged write. The data directory must belong to
 * one process at a time (PGlite takes no lock of its own). Opened with the
 * host's memory settings (pglite-open.ts).
 */
import type { PGlite } from "@electric-sql/pglite";
import { HostError, HostErrorCode } from "../errors.js";
import { openPglite } from "./pglite-open.js";
import { createPreparedQueries } from "./pglite-prepared.js";
import type { PgliteSettings } from "./pglite-settings.js";
import type { SqlClient, SqlExecutor } from "./sql-client.js";

export interface PgliteSqlClientOptions {
  /** Directory holding the database files; created if missing. Omit for an in-memory database (tests). */
  dataDir?: string;
  /** PostgreSQL settings over the footprint-tuned defaults (see pglite-settings.ts). */
  settings?: PgliteSettings;
}

export async function createPgliteSqlClient(options: PgliteSqlClientOptions = {}): Promise<SqlClient> {
  const { dataDir } = options;
  let db: PGlite;
  try {
    db = await openPglite(options);
  } catch (error) {
    throw new HostError(
      HostErrorCode.STORAGE_UNAVAILABLE,
      `cannot open the embedded database in ${dataDir ?? "memory"}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error, ...(dataDir === undefined ? {} : { file: dataDir }) },
    );
  }
  return wrapPglite(db, dataDir ?? "memory", { owned: true });
}

export interface WrapPgliteOptions {
  /**
   * Nothing but this adapter uses `db` (it was opened for it): statements may
   * then skip PGlite's locks while none of the adapter's calls is under way
   * (pglite-prepared.ts). Never set it for a database anything else holds.
   */
  owned?: boolean;
}

/** Adapts an open PGlite (e.g. one a test or the embedded provisioner created). */
export function wrapPglite(db: PGlite, label = "memory", options: WrapPgliteOptions = {}): SqlClient {
  let closed: Promise<void> | undefined;
  const prepared = createPreparedQueries(db, { owned: options.owned === true });

  function checkOpen(): void {
    if (closed) throw new HostError(HostErrorCode.STORAGE_UNAVAILABLE, `embedded database (${label}) is closed`);
  }

  return {
    engine: "pglite",

    async query<Row>(text: string, params: readonly unknown[] = []) {
      checkOpen();
      return prepared.query<Row>(text, params);
    },

    async exec(script) {
      checkOpen();
      await prepared.locked(() => db.exec(script));
    },

    async transaction(work) {
      checkOpen();
      return prepared.locked(() =>
        db.transaction(async (transaction) => {
          const tx: SqlExecutor = {
            async query<Row>(text: string, params: readonly unknown[] = []) {
              const result = await transaction.query<Row>(text, [...params]);
              return { rows: result.rows };
            },
            async exec(script) {
              await transaction.exec(script);
            },
          };
          return work(tx);
        }),
      );
    },

    close() {
      closed ??= prepared.locked(() => db.close());
      return closed;
    },
  };
}
