/**
 * connect: a `pg` Pool on the database the host provisioned for this plugin
 * (ServiceConfig's connection string: the plugin's own role, and
 * `options=-c search_path=plugin_<name>`).
 *
 * The schema from `search_path` is also SET on every new connection: the
 * embedded engine (PGlite over a socket) ignores startup options, and a
 * plugin's unqualified table names must land in its schema on both engines.
 * An `error` listener is installed so a dropped idle connection (database
 * restart) is discarded by the pool instead of crashing the plugin.
 */
import pg from "pg";
import { StorageError, StorageErrorCode } from "./storage-error.js";

/** Pool settings for connect. */
export interface ConnectOptions {
  /** Pooled connections at most. Default 5. */
  maxConnections?: number;
  /** Longest wait for a connection before a query fails. Default 5000 ms. */
  connectTimeoutMs?: number;
  /** Called when an idle connection fails (it is dropped either way). Default: ignore. */
  onError?: (error: Error) => void;
}

/** A Pool-like client: `query`, `connect` (for transactions) and `end`. */
export type StorageClient = pg.Pool;

/**
 * A `pg` Pool on the plugin's provisioned database (ServiceConfig's connection string); throws CONNECTION_STRING_INVALID for a string that is not a postgres URL.
 */
export function connect(connectionString: string, options: ConnectOptions = {}): StorageClient {
  const searchPath = searchPathOf(connectionString);
  const pool = new pg.Pool({
    connectionString,
    max: options.maxConnections ?? 5,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    // The pool awaits this before handing the connection out (a failure fails the checkout).
    ...(searchPath === undefined
      ? {}
      : {
          onConnect: async (client: pg.ClientBase) => {
            await client.query(`SET search_path TO ${searchPath}`);
          },
        }),
  });
  pool.on("error", (error) => options.onError?.(error));
  return pool;
}

/** The `search_path` named in the URL's `options` parameter, checked to be a plain list of identifiers. */
function searchPathOf(connectionString: string): string | undefined {
  let url: URL;
  try {
    if (typeof connectionString !== "string" || connectionString === "") throw new TypeError("empty");
    url = new URL(connectionString);
  } catch (error) {
    throw new StorageError(StorageErrorCode.CONNECTION_STRING_INVALID, "connection string must be a postgres:// URL", {
      cause: error,
    });
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new StorageError(
      StorageErrorCode.CONNECTION_STRING_INVALID,
      `connection string must use postgres:// or postgresql://, not ${url.protocol}//`,
    );
  }
  const match = /(?:^|\s)-c\s*search_path=(\S+)/.exec(url.searchParams.get("options") ?? "");
  if (!match?.[1]) return undefined;
  const path = match[1];
  if (!/^[a-z_][a-z0-9_$]*(,[a-z_][a-z0-9_$]*)*$/.test(path)) {
    throw new StorageError(
      StorageErrorCode.CONNECTION_STRING_INVALID,
      `search_path ${JSON.stringify(path)} in the connection string is not a list of plain schema names`,
    );
  }
  return path;
}
