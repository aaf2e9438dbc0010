import { PGlite } from "@electric-sql/pglite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { syncIsNoop } from "./pglite-direct.js";
import { createPreparedQueries, type PreparedQueries } from "./pglite-prepared.js";
import { createPgliteSqlClient } from "./pglite-sql-client.js";
import { sqlStateOfCall } from "./sql-state.test-support.js";

const insert = "INSERT INTO t VALUES ($1, $2, $3)";
const select = "SELECT * FROM t WHERE id = $1";

/**
 * Opens a transaction (through `open`) that inserts "in-tx", stays open 50 ms and rolls back;
 * `entered` resolves once the row is written inside it.
 */
function heldTransaction(
  open: (
    work: (tx: { query(text: string, params: unknown[]): Promise<unknown> }) => Promise<never>,
  ) => Promise<unknown>,
) {
  let inside!: () => void;
  const entered = new Promise<void>((resolve) => {
    inside = resolve;
  });
  const rolledBack = open(async (tx) => {
    await tx.query(insert, ["in-tx", 1, null]);
    inside();
    await new Promise((resolve) => setTimeout(resolve, 50));
    throw new Error("roll back");
  }).catch(() => "rolled back");
  return { entered, rolledBack };
}

describe("the direct path of an adapter that owns its PGlite", () => {
  let db: PGlite;
  let prepared: PreparedQueries;

  beforeEach(async () => {
    db = await PGlite.create();
    prepared = createPreparedQueries(db, { owned: true });
    await prepared.locked(() => db.exec("CREATE TABLE t (id text PRIMARY KEY, n bigint, b bytea)"));
  });
  afterEach(async () => {
    await db.close();
  });

  it("runs a prepared statement without PGlite's locks, with query()'s results and errors", async () => {
    await prepared.query(insert, ["a", 1, new Uint8Array([0, 255])]);
    expect(prepared.directRuns).toBe(0);
    await prepared.query(insert, ["b", 9007199254740993n, null]);
    expect(prepared.directRuns).toBe(1);
    for (const id of ["a", "b", "missing"]) {
      const ours = await prepared.query(select, [id]);
      expect(ours.rows).toEqual((await db.query(select, [id])).rows);
    }
    expect(prepared.directRuns).toBe(3);
    expect(await sqlStateOfCall(prepared.query(insert, ["a", 2, null]))).toBe("23505");
    expect(await sqlStateOfCall(prepared.query(insert, ["c", "not a number", null]))).toBe("22P02");
    await prepared.query(insert, ["d", 4, null]);
    expect((await db.query("SELECT id FROM t ORDER BY id")).rows).toEqual([{ id: "a" }, { id: "b" }, { id: "d" }]);
    expect(prepared.directRuns).toBe(6);
  });

  it("never runs inside the adapter's open transaction: a statement waits for it to end", async () => {
    await prepared.query(insert, ["warm", 0, null]);
    const { entered, rolledBack } = heldTransaction((work) => prepared.locked(() => db.transaction(work)));
    await entered;
    const before = prepared.directRuns;
    // Run directly, this INSERT would join the open transaction and be rolled back with it.
    await prepared.query(insert, ["outside", 2, null]);
    expect(prepared.directRuns).toBe(before);
    expect(await rolledBack).toBe("rolled back");
    expect((await db.query("SELECT id FROM t ORDER BY id")).rows).toEqual([{ id: "outside" }, { id: "warm" }]);
    await prepared.query(insert, ["after", 3, null]);
    expect(prepared.directRuns).toBe(before + 1);
  });

  it("prepares again when the table under a statement changed shape", async () => {
    await prepared.query(insert, ["a", 1, null]);
    const all = "SELECT * FROM t";
    await prepared.query(all, []);
    await prepared.locked(() => db.exec("ALTER TABLE t ADD COLUMN extra int DEFAULT 4"));
    expect((await prepared.query<Record<string, unknown>>(all, [])).rows[0]?.extra).toBe(4);
    await prepared.locked(() => db.exec("DEALLOCATE ALL"));
    expect((await prepared.query<{ id: string }>(select, ["a"])).rows[0]?.id).toBe("a");
  });

  it("is off for an adapter that does not own its database", async () => {
    const shared = createPreparedQueries(db);
    await shared.query(insert, ["a", 1, null]);
    await shared.query(insert, ["b", 2, null]);
    expect(shared.directRuns).toBe(0);
  });
});

describe("syncIsNoop", () => {
  it("holds for PGlite's in-memory file system and not for one that syncs elsewhere", async () => {
    const db = await PGlite.create();
    try {
      expect(syncIsNoop(db)).toBe(true);
      const copying = Object.create(db) as PGlite;
      Object.defineProperty(copying, "fs", { value: { syncToFs: async () => undefined } });
      expect(syncIsNoop(copying)).toBe(false);
    } finally {
      await db.close();
    }
  });
});

describe("the embedded SqlClient on the direct path", () => {
  it("keeps a statement issued during its transaction out of that transaction", async () => {
    const client = await createPgliteSqlClient();
    try {
      await client.exec("CREATE TABLE t (id text PRIMARY KEY, n bigint, b bytea)");
      await client.query(insert, ["warm", 0, null]);
      const { entered, rolledBack } = heldTransaction((work) => client.transaction(work));
      await entered;
      await client.query(insert, ["outside", 2, null]);
      expect(await rolledBack).toBe("rolled back");
      const { rows } = await client.query<{ id: string }>("SELECT id FROM t ORDER BY id", []);
      expect(rows).toEqual([{ id: "outside" }, { id: "warm" }]);
    } finally {
      await client.close();
    }
  });
});
