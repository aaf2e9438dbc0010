/**
 * The SQL KvStore engine (PostgreSQL and PGlite through SqlClient), behaving
 * exactly like the in-memory engine: same argument rules and page tokens
 * (kv-rules.ts), same UTF-8 byte order (keys are stored as bytea), values
 * copied out as plain Uint8Arrays. Each write is one autocommit statement, so
 * `set` and `delete` resolve only after the commit. Any engine failure is
 * STORAGE_UNAVAILABLE (cause kept); the store itself holds no state, so it
 * works again as soon as the engine does.
 */
import { HostError, HostErrorCode } from "../errors.js";
import { HOST_SCHEMA } from "./host-migrations.js";
import {
  checkKvKey,
  checkKvNamespace,
  checkKvValue,
  decodeKvPageToken,
  encodeKvPageToken,
  resolveKvPageSize,
} from "./kv-rules.js";
import type { KvEntry, KvStore } from "./kv-store.js";
import { bytesFromColumn, isConnectionLost, type SqlClient, toStorageError } from "./sql-client.js";

const TABLE = `${HOST_SCHEMA}.kv`;
/** 0xFF never occurs in UTF-8, so `prefix || 0xFF` is above every key starting with the prefix. */
const ABOVE_EVERY_KEY = Buffer.from([0xff]);

const SQL = {
  get: `SELECT value FROM ${TABLE} WHERE namespace = $1 AND key = $2`,
  set: `INSERT INTO ${TABLE} (namespace, key, value) VALUES ($1, $2, $3)
        ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, updated_at = now()`,
  delete: `DELETE FROM ${TABLE} WHERE namespace = $1 AND key = $2 RETURNING 1 AS deleted`,
  listFirst: `SELECT key, value FROM ${TABLE}
              WHERE namespace = $1 AND key >= $2 AND key < $3 ORDER BY key LIMIT $4`,
  listAfter: `SELECT key, value FROM ${TABLE}
              WHERE namespace = $1 AND key > $2 AND key < $3 ORDER BY key LIMIT $4`,
} as const;

/** A KvStore on SQL (PostgreSQL or PGlite), behaving like the in-memory one. */
export function createSqlKvStore(client: SqlClient): KvStore {
  let closed = false;

  /**
   * Validates, then runs `work`, mapping engine failures to STORAGE_UNAVAILABLE.
   * `idempotent` work whose connection was lost (a terminated backend, a
   * server restart) is run once more on a fresh one: running it twice leaves
   * the same state, so the caller need not see the blip. (Not delete: a
   * second run would answer "nothing deleted".)
   */
  async function run<T>(operation: string, check: () => void, work: () => Promise<T>, idempotent = true): Promise<T> {
    if (closed) throw new HostError(HostErrorCode.STORAGE_UNAVAILABLE, "KV store is closed");
    check();
    try {
      return await work();
    } catch (error) {
      if (idempotent && isConnectionLost(error)) {
        try {
          return await work();
        } catch (again) {
          throw toStorageError(again, `KV ${operation}`);
        }
      }
      throw toStorageError(error, `KV ${operation}`);
    }
  }

  return {
    get(namespace, key) {
      return run(
        "get",
        () => checkNamespaceAndKey(namespace, key),
        async () => {
          const { rows } = await client.query<{ value: unknown }>(SQL.get, [namespace, keyBytes(key)]);
          return rows[0] === undefined ? undefined : bytesFromColumn(rows[0].value);
        },
      );
    },

    set(namespace, key, value) {
      return run(
        "set",
        () => {
          checkNamespaceAndKey(namespace, key);
          checkKvValue(value);
        },
        async () => {
          await client.query(SQL.set, [namespace, keyBytes(key), Buffer.from(value)]);
        },
      );
    },

    delete(namespace, key) {
      return run(
        "delete",
        () => checkNamespaceAndKey(namespace, key),
        async () => {
          const { rows } = await client.query(SQL.delete, [namespace, keyBytes(key)]);
          return rows.length > 0;
        },
        false,
      );
    },

    list(namespace, prefix, pageSize, pageToken) {
      let size = 0;
      let after: string | undefined;
      return run(
        "list",
        () => {
          checkKvNamespace(namespace);
          checkKvKey(prefix, "prefix", true);
          size = resolveKvPageSize(pageSize);
          after = pageToken ? decodeKvPageToken(pageToken, prefix) : undefined;
        },
        async () => {
          const upper = Buffer.concat([keyBytes(prefix), ABOVE_EVERY_KEY]);
          // One row more than the page tells whether another page follows.
          const { rows } = await client.query<{ key: unknown; value: unknown }>(
            after === undefined ? SQL.listFirst : SQL.listAfter,
            [namespace, keyBytes(after ?? prefix), upper, size + 1],
          );
          const entries: KvEntry[] = rows.slice(0, size).map((row) => ({
            key: Buffer.from(bytesFromColumn(row.key)).toString("utf8"),
            value: bytesFromColumn(row.value),
          }));
          const last = entries.at(-1);
          return { entries, nextPageToken: rows.length > size && last ? encodeKvPageToken(prefix, last.key) : "" };
        },
      );
    },

    async close() {
      // The client belongs to whoever opened it (openStorage); only this view closes.
      closed = true;
    },
  };
}

function checkNamespaceAndKey(namespace: string, key: string): void {
  checkKvNamespace(namespace);
  checkKvKey(key);
}

function keyBytes(key: string): Buffer {
  return Buffer.from(key, "utf8");
}
