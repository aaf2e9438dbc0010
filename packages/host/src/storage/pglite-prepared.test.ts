import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPreparedQueries, type PreparedQueries } from "./pglite-prepared.js";
import { sqlStateOfCall } from "./sql-state.test-support.js";

describe("prepared statements on PGlite", () => {
  let db: PGlite;
  let prepared: PreparedQueries;

  beforeAll(async () => {
    db = await PGlite.create();
  });
  beforeEach(async () => {
    await db.exec(`DROP TABLE IF EXISTS t; DEALLOCATE ALL;
      CREATE TABLE t (id text PRIMARY KEY, n bigint, b bytea, ok boolean, doc jsonb, note text)`);
    prepared = createPreparedQueries(db, { maxStatements: 3 });
  });
  afterAll(async () => {
    await db.close();
  });

  const insert = "INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6)";
  const select = "SELECT * FROM t WHERE id = $1";

  it("returns what PGlite's query() returns, for each column type and NULL", async () => {
    await prepared.query(insert, ["a", 9007199254740993n, new Uint8Array([0, 1, 255]), true, { k: [1, "é"] }, null]);
    await db.query(insert, ["b", 5, new Uint8Array([7]), false, { k: 2 }, "it's"]);
    for (const id of ["a", "b"]) {
      const ours = await prepared.query(select, [id]);
      const theirs = await db.query(select, [id]);
      expect(ours.rows).toEqual(theirs.rows);
    }
    expect((await prepared.query<{ n: bigint }>(select, ["a"])).rows[0]?.n).toBe(9007199254740993n);
    expect(prepared.size).toBe(2);
  });

  it("throws the server's error with its SQLSTATE and keeps the statement usable", async () => {
    await prepared.query(insert, ["a", 1, null, null, null, null]);
    expect(await sqlStateOfCall(prepared.query(insert, ["a", 2, null, null, null, null]))).toBe("23505");
    expect(await sqlStateOfCall(prepared.query(insert, ["c", "not a number", null, null, null, null]))).toBe("22P02");
    await prepared.query(insert, ["d", 3, null, null, null, null]);
    expect((await db.query("SELECT id FROM t ORDER BY id")).rows).toEqual([{ id: "a" }, { id: "d" }]);
  });

  it("caches nothing for a statement that does not parse", async () => {
    expect(await sqlStateOfCall(prepared.query("SELEC 1", []))).toBe("42601");
    expect(prepared.size).toBe(0);
    expect((await prepared.query<{ one: number }>("SELECT 1 AS one", [])).rows).toEqual([{ one: 1 }]);
  });

  it("waits for another caller's transaction instead of running inside it", async () => {
    let inside!: () => void;
    const entered = new Promise<void>((resolve) => {
      inside = resolve;
    });
    const rolledBack = db
      .transaction(async (tx) => {
        await tx.query(insert, ["in-tx", 1, null, null, null, null]);
        inside();
        await new Promise((resolve) => setTimeout(resolve, 50));
        throw new Error("roll back");
      })
      .catch(() => "rolled back");
    await entered;
    await prepared.query(insert, ["outside", 2, null, null, null, null]);
    expect(await rolledBack).toBe("rolled back");
    expect((await db.query("SELECT id FROM t")).rows).toEqual([{ id: "outside" }]);
  });

  it("prepares again when a table changed shape or the statements were deallocated", async () => {
    await prepared.query(insert, ["a", 1, null, null, null, null]);
    const all = "SELECT * FROM t";
    expect(Object.keys((await prepared.query<Record<string, unknown>>(all, [])).rows[0] ?? {})).toHaveLength(6);
    await db.exec("ALTER TABLE t ADD COLUMN extra int DEFAULT 4");
    expect((await prepared.query<Record<string, unknown>>(all, [])).rows[0]?.extra).toBe(4);
    await db.exec("DEALLOCATE ALL");
    expect((await prepared.query<{ id: string }>(select, ["a"])).rows[0]?.id).toBe("a");
  });

  it("keeps at most its limit of statements, closing the least recently used", async () => {
    for (const n of [1, 2, 3, 4, 5]) await prepared.query(`SELECT ${n}::int AS n`, []);
    expect(prepared.size).toBe(3);
    const { rows } = await db.query<{ count: number }>("SELECT count(*)::int AS count FROM pg_prepared_statements");
    expect(rows[0]?.count).toBe(3);
  });
});
