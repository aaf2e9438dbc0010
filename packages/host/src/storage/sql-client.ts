/**
 * The one seam the SQL storage engines are written against: parameterised
 * queries and transactions. Two adapters implement it — `pg` (a Pool on a
 * real PostgreSQL, pg-sql-client.ts) and PGlite (embedded, pglite-sql-client.ts)
 * — so the KV store, the event store, host migrations and the provisioner
 * write their SQL once.
 *
 * Column types crossing the seam differ by driver (`pg` gives Buffer and
 * strings for int8, PGlite gives Uint8Array and bigint), so callers convert
 * with the helpers below instead of trusting a driver's representation.
 */
import { HostError, HostErrorCode } from "../errors.js";

/** The SQL engine behind a client. */
export type SqlEngine = "postgres" | "pglite";

/** The rows a query returned. */
export interface SqlResult<Row> {
  rows: Row[];
}

/** Runs statements; inside a transaction, on the transaction's connection. */
export interface SqlExecutor {
  /** Runs one parameterised statement (`$1`, `$2`, ...). */
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<Row>>;
  /** Runs a script of several statements without parameters (migrations, DDL). */
  exec(script: string): Promise<void>;
}

/** Parameterised queries and transactions over PostgreSQL (`pg`) or PGlite; what the SQL stores are written against. */
export interface SqlClient extends SqlExecutor {
  readonly engine: SqlEngine;
  /**
   * Runs `work` in one transaction: COMMIT when it resolves (the returned
   * promise settles only after the commit did), ROLLBACK when it throws.
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Closes connections (or the embedded database). Idempotent. */
  close(): Promise<void>;
}

/** SQLSTATE codes the storage layer reacts to. */
export const SqlState = {
  UNIQUE_VIOLATION: "23505",
  INSUFFICIENT_PRIVILEGE: "42501",
  INVALID_PASSWORD: "28P01",
  INVALID_AUTHORIZATION: "28000",
  /** The database named in the connection string does not exist. */
  INVALID_CATALOG_NAME: "3D000",
} as const;

/**
 * True when the statement failed because its connection went away (the
 * server terminated the backend, restarted, or the socket broke) rather than
 * because of the statement: on a fresh connection it may well succeed.
 */
export function isConnectionLost(error: unknown): boolean {
  const state = sqlStateOf(error);
  if (state !== undefined) return state.startsWith("08") || /^57P0[123]$/.test(state);
  const message = error instanceof Error ? error.message : String(error);
  return /Connection terminated|ECONNRESET|EPIPE|not queryable/i.test(message);
}

/** The SQLSTATE of a driver error (both `pg` and PGlite set `code`), if any. */
export function sqlStateOf(error: unknown): string | undefined {
  if (error === null || typeof error !== "object" || !("code" in error)) return undefined;
  const { code } = error as { code: unknown };
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * Maps whatever a driver threw into a HostError. Coded HostErrors pass
 * through; everything else means the engine could not do the work (gone,
 * timed out, refused) and becomes STORAGE_UNAVAILABLE with the driver error
 * kept as `cause`.
 */
export function toStorageError(error: unknown, operation: string): HostError {
  if (error instanceof HostError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const state = sqlStateOf(error);
  return new HostError(HostErrorCode.STORAGE_UNAVAILABLE, `storage ${operation} failed: ${message}`, {
    cause: error,
    details: state ? { sqlstate: state } : {},
  });
}

/** A bytea column as a fresh plain Uint8Array (never a driver's Buffer or a view of its memory). */
export function bytesFromColumn(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return new Uint8Array(value);
  throw new HostError(HostErrorCode.STORAGE_UNAVAILABLE, `expected a bytea column, got ${typeof value}`);
}

/** An int8 column (string from `pg`, bigint or number from PGlite) as a bigint. */
export function bigintFromColumn(value: unknown): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number" || typeof value === "string") return BigInt(value);
  throw new HostError(HostErrorCode.STORAGE_UNAVAILABLE, `expected an int8 column, got ${typeof value}`);
}

/** Quotes an SQL identifier (schema, role). Only for names we validated; never for user text in values. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes an SQL string literal, for the few DDL places that cannot take parameters (PASSWORD). */
export function quoteLiteral(value: string): string {
  if (value.includes("\0")) throw new HostError(HostErrorCode.INVALID_ARGUMENT, "SQL literal must not contain NUL");
  return `'${value.replaceAll("'", "''")}'`;
}
