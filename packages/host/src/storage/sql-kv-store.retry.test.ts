/**
 * Unit test of one module (sql-kv-store.ts) over a scripted SqlClient: which
 * failures are retried once on a fresh connection. The real thing, backends
 * terminated under load on a real PostgreSQL, is in
 * src/reliability/durability.test.ts.
 */
import { describe, expect, it } from "vitest";
import { isHostError } from "../errors.js";
import type { SqlClient } from "./sql-client.js";
import { createSqlKvStore } from "./sql-kv-store.js";

/** A client whose queries fail with `failures` in turn, then answer with no rows. */
function scripted(failures: unknown[]): SqlClient & { calls: number } {
  const client = {
    engine: "postgres" as const,
    calls: 0,
    async query() {
      client.calls++;
      const failure = failures.shift();
      if (failure !== undefined) throw failure;
      return { rows: [] };
    },
    async exec() {},
    async transaction<T>(work: (tx: SqlClient) => Promise<T>) {
      return work(client as unknown as SqlClient);
    },
    async close() {},
  };
  return client;
}

const terminated = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
const brokenSocket = new Error("Connection terminated unexpectedly");
const statementError = Object.assign(new Error("value too long"), { code: "22001" });

describe("SQL KV store: a lost connection", () => {
  it("retries an idempotent write once on a terminated backend or a broken socket", async () => {
    for (const lost of [terminated, brokenSocket]) {
      const client = scripted([lost]);
      await createSqlKvStore(client).set("ns", "k", new Uint8Array([1]));
      expect(client.calls).toBe(2);
    }
  });

  it("gives up after the second loss with STORAGE_UNAVAILABLE", async () => {
    const client = scripted([terminated, terminated]);
    const error = await createSqlKvStore(client)
      .set("ns", "k", new Uint8Array([1]))
      .catch((e: unknown) => e);
    expect(isHostError(error, "STORAGE_UNAVAILABLE")).toBe(true);
    expect(client.calls).toBe(2);
  });

  it("does not retry a statement error, nor a delete (a second run would answer 'nothing deleted')", async () => {
    const failing = scripted([statementError]);
    await expect(createSqlKvStore(failing).get("ns", "k")).rejects.toMatchObject({ code: "STORAGE_UNAVAILABLE" });
    expect(failing.calls).toBe(1);
    const deleting = scripted([terminated]);
    await expect(createSqlKvStore(deleting).delete("ns", "k")).rejects.toMatchObject({ code: "STORAGE_UNAVAILABLE" });
    expect(deleting.calls).toBe(1);
  });
});
