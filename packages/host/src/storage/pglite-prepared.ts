/**
 * Named prepared statements for the PGlite adapter. PGlite's own `query()`
 * makes six calls into the WASM engine per statement (Parse, Describe, Bind,
 * Describe, Execute, Sync), and parsing and planning again each time is most
 * of what a history INSERT costs (150–180 µs; docs/benchmarks.md). Here each
 * SQL text is parsed once into a named statement, and every later call is one
 * Bind/Describe/Execute/Sync message: about a third of the time for the
 * host's short statements, which puts it on every event's path (the history
 * write comes before delivery).
 *
 * Values go through PGlite's serializers and rows through its parsers, so a
 * result is what `query()` would have returned. Calls take the same two locks
 * `query()` takes, so they never interleave with another query or run inside
 * someone else's transaction. Only for statements outside a transaction.
 *
 * When the adapter owns the database (it opened it; nobody else holds it),
 * a statement already prepared runs directly while none of the adapter's
 * calls is under way (pglite-direct.ts): nothing else can be mid-query or
 * mid-transaction then, because everything else goes through the adapter and
 * counts itself in `underWay` until it is done.
 */
import { type PGlite, parse, protocol, types } from "@electric-sql/pglite";
import { type BindValue, encodeBindExecute } from "./pglite-bind.js";
import { createDirectRunner, syncIsNoop } from "./pglite-direct.js";
import { sqlStateOf } from "./sql-client.js";

const { serialize } = protocol;

/** Statements kept at most; the least recently used one is closed past it. */
export const MAX_PREPARED_STATEMENTS = 128;

/**
 * SQLSTATEs after which a cached statement is re-prepared once: it no longer
 * exists (26000), or the tables under it changed shape (0A000, "cached plan
 * must not change result type").
 */
const STALE_STATEMENT = new Set(["26000", "0A000"]);

/** Numbers each set of statements, so two adapters over one PGlite never share a statement name. */
let adapters = 0;

interface Prepared {
  name: string;
  /** The type OID of each `$n`, as the server inferred it. */
  paramTypes: number[];
}

export interface PreparedQueriesOptions {
  /** Statements kept at most (default MAX_PREPARED_STATEMENTS). */
  maxStatements?: number;
  /**
   * The adapter is the database's only user: every other call on it goes
   * through `locked`. Enables the direct path (a file system whose sync is a
   * no-op only; see syncIsNoop).
   */
  owned?: boolean;
}

export interface PreparedQueries {
  query<Row>(text: string, params: readonly unknown[]): Promise<{ rows: Row[] }>;
  /**
   * Runs another call on the database (exec, a transaction) through PGlite's
   * own locks; statements wait for it instead of taking the direct path.
   */
  locked<T>(work: () => Promise<T>): Promise<T>;
  /** How many statements are prepared now (tests). */
  readonly size: number;
  /** How many statements ran on the direct path (tests). */
  readonly directRuns: number;
}

export function createPreparedQueries(db: PGlite, options: PreparedQueriesOptions = {}): PreparedQueries {
  const maxStatements = options.maxStatements ?? MAX_PREPARED_STATEMENTS;
  const direct = options.owned === true && syncIsNoop(db) ? createDirectRunner(db) : undefined;
  const statements = new Map<string, Prepared>();
  const prefix = `holomush_${++adapters}_`;
  let sequence = 0;
  /** The adapter's calls queued for or holding PGlite's locks. */
  let underWay = 0;
  let directRuns = 0;

  async function locked<T>(work: () => Promise<T>): Promise<T> {
    underWay++;
    try {
      return await work();
    } finally {
      underWay--;
    }
  }

  /** Runs protocol messages under the locks `query()` takes; throws the server's error, if any. */
  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    return locked(async () => {
      await db._checkReady();
      return db._runExclusiveTransaction(() => db._runExclusiveQuery(work));
    });
  }

  async function prepare(text: string): Promise<Prepared> {
    const name = `${prefix}${++sequence}`;
    const { messages } = await db.execProtocol(
      Buffer.concat([serialize.parse({ name, text }), serialize.describe({ type: "S", name }), serialize.sync()]),
      { syncToFs: false },
    );
    const prepared = { name, paramTypes: parse.parseDescribeStatementResults(messages) };
    statements.set(text, prepared);
    if (statements.size > maxStatements) {
      const [oldestText, oldest] = statements.entries().next().value as [string, Prepared];
      statements.delete(oldestText);
      await close(oldest.name);
    }
    return prepared;
  }

  async function close(name: string): Promise<void> {
    await db.execProtocol(Buffer.concat([serialize.close({ type: "S", name }), serialize.sync()]), { syncToFs: false });
  }

  async function run<Row>(text: string, params: readonly unknown[]): Promise<{ rows: Row[] }> {
    let prepared = statements.get(text);
    if (prepared) markUsed(text, prepared);
    else prepared = await prepare(text);
    const { messages } = await db.execProtocol(encodeBindExecute(prepared.name, bindValues(prepared, params)), {
      syncToFs: false,
    });
    await db.syncToFs();
    return rowsOf<Row>(messages);
  }

  /** Most recently used last, so eviction takes the coldest. */
  function markUsed(text: string, prepared: Prepared): void {
    statements.delete(text);
    statements.set(text, prepared);
  }

  function bindValues(prepared: Prepared, params: readonly unknown[]): BindValue[] {
    return params.map((value, index): BindValue => {
      if (value === null || value === undefined) return null;
      const type = prepared.paramTypes[index] ?? 0;
      // bytea goes as binary: PGlite's text serializer hex-encodes every byte (a KV value
      // is bytea), which cost more than the statement itself.
      if (type === types.BYTEA && value instanceof Uint8Array) return value;
      const serializer = db.serializers[type];
      return serializer ? serializer(value) : String(value);
    });
  }

  function rowsOf<Row>(messages: Parameters<typeof parse.parseResults>[0]): { rows: Row[] } {
    // A statement that returned no rows (an INSERT on the history's path) needs no row parsing.
    if (!messages.some((message) => message.name === "dataRow")) return { rows: [] };
    const [result] = parse.parseResults(messages, db.parsers);
    return { rows: (result?.rows ?? []) as Row[] };
  }

  /** The direct path, when it is open: a prepared statement, nothing of the adapter's under way. */
  async function runDirect<Row>(text: string, params: readonly unknown[]): Promise<{ rows: Row[] } | undefined> {
    const prepared = statements.get(text);
    if (direct === undefined || prepared === undefined || underWay > 0 || !db.ready) return undefined;
    markUsed(text, prepared);
    try {
      directRuns++;
      return rowsOf<Row>(await direct.run(encodeBindExecute(prepared.name, bindValues(prepared, params))));
    } catch (error) {
      const state = sqlStateOf(error);
      if (state === undefined || !STALE_STATEMENT.has(state)) throw error;
      // Prepared again under the locks, as on the locked path.
      return undefined;
    }
  }

  return {
    async query<Row>(text: string, params: readonly unknown[]) {
      const done = await runDirect<Row>(text, params);
      if (done) return done;
      return exclusive(async () => {
        try {
          return await run<Row>(text, params);
        } catch (error) {
          const state = sqlStateOf(error);
          const stale = statements.get(text);
          if (state === undefined || !STALE_STATEMENT.has(state) || !stale) throw error;
          statements.delete(text);
          await close(stale.name).catch(() => undefined);
          return run<Row>(text, params);
        }
      });
    },
    locked,
    get size() {
      return statements.size;
    },
    get directRuns() {
      return directRuns;
    },
  };
}
