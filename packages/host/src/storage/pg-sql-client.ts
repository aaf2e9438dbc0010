/**
 * The `pg` adapter of SqlClient: a Pool on a real PostgreSQL server.
 *
 * Faults are bounded so no storage call hangs forever or crashes the host:
 * - startup retries an unreachable server with capped exponential backoff
 *   for `startupTimeoutMs`, then fails with STORAGE_UNAVAILABLE naming the
 *   host, port, database and the last cause (authentication failures stop at
 *   once: waiting cannot fix a password);
 * - while running, a new connection waits at most `connectTimeoutMs` and a
 *   statement at most `queryTimeoutMs`; broken connections are dropped by the
 *   pool, so calls fail with STORAGE_UNAVAILABLE while the server is gone and
 *   succeed again once it is back;
 * - connection errors on idle or checked-out clients are logged, never left
 *   unhandled (an unhandled `error` event would crash the process).
 */
import pg from "pg";
import type { Logger } from "pino";
import { HostError, HostErrorCode } from "../errors.js";
import { describeDatabaseTarget } from "./database-target.js";
import { createStatementNames, STALE_PLAN } from "./pg-statement-names.js";
import { type SqlClient, type SqlExecutor, SqlState, sqlStateOf, toStorageError } from "./sql-client.js";

/** The PostgreSQL pool, its timeouts and its startup retries. */
export interface PgSqlClientOptions {
  /** A `postgres://` URL. Required. */
  connectionString: string;
  /** Default: no logging. */
  logger?: Logger;
  /** Pooled connections at most. Default 10. */
  maxConnections?: number;
  /** Longest wait for a connection before a call fails. Default 5000 ms. */
  connectTimeoutMs?: number;
  /** Longest wait for one statement before a call fails. Default 30000 ms. */
  queryTimeoutMs?: number;
  /** How long startup keeps retrying an unreachable server. Default 30000 ms. */
  startupTimeoutMs?: number;
  /** First delay between startup attempts; doubles each time. Default 100 ms. */
  retryDelayMs?: number;
  /** Cap of the delay between startup attempts. Default 2000 ms. */
  maxRetryDelayMs?: number;
  /**
   * Run statements with parameters as named prepared statements (parsed and
   * planned once per connection). Default true. Set false behind a
   * transaction-pooling PgBouncer older than 1.21, which cannot keep a
   * connection's prepared statements.
   */
  preparedStatements?: boolean;
}

/** Opens a pool and proves the server answers (retrying as documented above). */
export async function createPgSqlClient(options: PgSqlClientOptions): Promise<SqlClient> {
  const target = describeDatabaseTarget(options.connectionString);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    query_timeout: options.queryTimeoutMs ?? 30_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    application_name: "holomush-host",
  });
  pool.on("error", (error) => {
    options.logger?.warn({ err: error, database: target }, "idle PostgreSQL connection failed; the pool dropped it");
  });
  try {
    await waitForServer(pool, target, options);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  return wrapPool(pool, options.logger, target, options.preparedStatements !== false);
}

async function waitForServer(pool: pg.Pool, target: string, options: PgSqlClientOptions): Promise<void> {
  const timeout = options.startupTimeoutMs ?? 30_000;
  const maxDelay = options.maxRetryDelayMs ?? 2000;
  const started = Date.now();
  let delay = options.retryDelayMs ?? 100;
  for (let attempt = 1; ; attempt++) {
    try {
      await pool.query("SELECT 1");
      if (attempt > 1) options.logger?.info({ database: target, attempt }, "PostgreSQL is reachable");
      return;
    } catch (error) {
      const elapsed = Date.now() - started;
      const state = sqlStateOf(error);
      // Waiting cannot fix a password, a database that does not exist, or a host name DNS does not know.
      const fatal =
        state === SqlState.INVALID_PASSWORD ||
        state === SqlState.INVALID_AUTHORIZATION ||
        state === SqlState.INVALID_CATALOG_NAME ||
        (error as { code?: unknown }).code === "ENOTFOUND";
      const cause = error instanceof Error ? error.message : String(error);
      if (fatal || elapsed + delay > timeout) {
        throw new HostError(
          HostErrorCode.STORAGE_UNAVAILABLE,
          `cannot reach PostgreSQL at ${target} after ${attempt} attempt(s) in ${elapsed} ms: ${cause}`,
          { cause: error, details: { database: target, attempts: String(attempt) } },
        );
      }
      options.logger?.warn({ database: target, attempt, retryInMs: delay, cause }, "PostgreSQL unreachable; retrying");
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, maxDelay);
    }
  }
}

function wrapPool(pool: pg.Pool, logger: Logger | undefined, target: string, prepared: boolean): SqlClient {
  let closed: Promise<void> | undefined;

  function checkOpen(): void {
    if (closed) throw new HostError(HostErrorCode.STORAGE_UNAVAILABLE, `PostgreSQL client for ${target} is closed`);
  }

  const nameOf = prepared ? createStatementNames() : () => undefined;
  const statement = (text: string, params: readonly unknown[], named = true) => {
    const name = named ? nameOf(text, params.length) : undefined;
    return { text, values: [...params], ...(name === undefined ? {} : { name }) };
  };

  return {
    engine: "postgres",

    async query<Row>(text: string, params: readonly unknown[] = []) {
      checkOpen();
      let result: pg.QueryResult;
      try {
        result = await pool.query(statement(text, params));
      } catch (error) {
        // A table changed shape under a statement a connection had prepared: run it unnamed.
        if (sqlStateOf(error) !== STALE_PLAN) throw error;
        result = await pool.query(statement(text, params, false));
      }
      return { rows: result.rows as Row[] };
    },

    async exec(script) {
      checkOpen();
      await pool.query(script);
    },

    async transaction(work) {
      checkOpen();
      const client = await pool.connect();
      // While checked out the pool does not listen for errors; a server-side
      // termination between statements would otherwise crash the process.
      let broken: unknown;
      const onError = (error: Error) => {
        broken = error;
        logger?.warn({ err: error, database: target }, "PostgreSQL connection failed inside a transaction");
      };
      client.on("error", onError);
      const tx: SqlExecutor = {
        async query<Row>(text: string, params: readonly unknown[] = []) {
          const result = await client.query(statement(text, params));
          return { rows: result.rows as Row[] };
        },
        async exec(script) {
          await client.query(script);
        },
      };
      try {
        await client.query("BEGIN");
        const result = await work(tx);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch((rollbackError: unknown) => {
          broken ??= rollbackError;
        });
        throw error;
      } finally {
        client.removeListener("error", onError);
        // A connection that failed is destroyed rather than returned to the pool.
        client.release(broken === undefined ? undefined : toStorageError(broken, "transaction"));
      }
    },

    close() {
      closed ??= pool.end();
      return closed;
    },
  };
}
