import { Writable } from "node:stream";
import { create } from "@bufbuild/protobuf";
import { EventSchema } from "@holomush/proto";
import { pino } from "pino";
import { monotonicFactory } from "ulid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isHostError } from "../errors.js";
import { describeEventStoreContract } from "./event-store.contract.js";
import { migrateHostSchema } from "./host-migrations.js";
import { describeKvStoreContract } from "./kv-store.contract.js";
import { createPgSqlClient } from "./pg-sql-client.js";
import type { SqlClient } from "./sql-client.js";
import { createSqlEventStore } from "./sql-event-store.js";
import { createSqlKvStore } from "./sql-kv-store.js";
import { createThrowawayDatabase, type ThrowawayDatabase } from "./test-database.js";

let database: ThrowawayDatabase;
let client: SqlClient;

beforeAll(async () => {
  database = await createThrowawayDatabase("stores");
  client = await createPgSqlClient({ connectionString: database.url, connectTimeoutMs: 2000 });
  await migrateHostSchema(client);
});
afterAll(async () => {
  await client?.close();
  await database?.drop();
});

describeKvStoreContract("postgres", async () => createSqlKvStore(client));
describeEventStoreContract("postgres", async () => createSqlEventStore(client));

/** A pino logger whose lines land in `lines`, so tests can wait for a logged event. */
function capturingLogger() {
  const lines: Array<{ msg: string }> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as { msg: string });
      done();
    },
  });
  return { logger: pino({ level: "debug" }, stream), lines };
}

async function until(condition: () => boolean | Promise<boolean>, attempts = 500): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("condition never held");
}

describe("SQL stores on PostgreSQL", () => {
  const nextId = monotonicFactory();

  it("keeps every acknowledged write across close and reopen of the same database", async () => {
    const event = create(EventSchema, { id: nextId(), stream: "location:durable", type: "say", payload: "{}" });
    await createSqlKvStore(client).set("durable", "k", new Uint8Array([4, 5]));
    await createSqlEventStore(client).append(event);
    await client.close();

    client = await createPgSqlClient({ connectionString: database.url, connectTimeoutMs: 2000 });
    expect(await migrateHostSchema(client)).toEqual([]);
    expect(await createSqlKvStore(client).get("durable", "k")).toEqual(new Uint8Array([4, 5]));
    expect((await createSqlEventStore(client).query({ stream: "location:durable" })).entries[0]?.event).toEqual(event);
  });

  it("recovers after the server terminates its connections, losing no acknowledged write", async () => {
    const kv = createSqlKvStore(client);
    for (let i = 0; i < 20; i++) await kv.set("restart", `k${i}`, new Uint8Array([i]));
    expect(await database.terminateConnections()).toBeGreaterThan(0);
    // Calls may fail (only with STORAGE_UNAVAILABLE) until the pool replaces its dead connections.
    const failures: unknown[] = [];
    await until(async () => {
      try {
        await kv.set("restart", "after", new Uint8Array([99]));
        return true;
      } catch (error) {
        failures.push(error);
        return false;
      }
    });
    for (const failure of failures) expect(isHostError(failure, "STORAGE_UNAVAILABLE")).toBe(true);
    const listed = await kv.list("restart", "k", 0);
    expect(listed.entries).toHaveLength(20);
    expect(await kv.get("restart", "k7")).toEqual(new Uint8Array([7]));
  });

  it("fails calls with STORAGE_UNAVAILABLE (not a hang) while the database refuses connections, then recovers", async () => {
    const kv = createSqlKvStore(client);
    await kv.set("outage", "before", new Uint8Array([1]));
    await database.admin(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS false`);
    try {
      await database.terminateConnections();
      // Drain every pooled connection: each call either reuses a dead one or tries a new one; all must fail.
      const results = await Promise.allSettled(Array.from({ length: 12 }, () => kv.get("outage", "before")));
      const refused = results.filter((result) => result.status === "rejected");
      expect(refused.length).toBeGreaterThan(0);
      for (const result of refused) expect(isHostError(result.reason, "STORAGE_UNAVAILABLE")).toBe(true);
      await expect(kv.set("outage", "during", new Uint8Array([2]))).rejects.toMatchObject({
        code: "STORAGE_UNAVAILABLE",
      });
    } finally {
      await database.admin(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS true`);
    }
    await until(async () => (await kv.get("outage", "before").catch(() => undefined)) !== undefined);
    expect(await kv.get("outage", "before")).toEqual(new Uint8Array([1]));
    expect(await kv.get("outage", "during")).toBeUndefined();
  });

  it("names host, port and cause when the server cannot be reached at start, after retrying", async () => {
    const { logger, lines } = capturingLogger();
    const error = await createPgSqlClient({
      connectionString: "postgres://postgres@127.0.0.1:1/nowhere",
      startupTimeoutMs: 200,
      retryDelayMs: 10,
      logger,
    }).catch((caught: unknown) => caught);
    expect(isHostError(error, "STORAGE_UNAVAILABLE")).toBe(true);
    expect((error as Error).message).toMatch(/127\.0\.0\.1:1\/nowhere.*ECONNREFUSED/);
    expect(Number((error as { details: Record<string, string> }).details.attempts)).toBeGreaterThan(1);
    expect(lines.some((line) => line.msg.includes("retrying"))).toBe(true);
  });

  it("keeps retrying at start until the database accepts connections", async () => {
    await database.admin(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS false`);
    const { logger, lines } = capturingLogger();
    const opening = createPgSqlClient({
      connectionString: database.url,
      retryDelayMs: 10,
      maxRetryDelayMs: 50,
      logger,
    });
    try {
      await until(() => lines.some((line) => line.msg.includes("retrying")));
    } finally {
      await database.admin(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS true`);
    }
    const late = await opening;
    expect((await late.query<{ one: number }>("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    await late.close();
    expect(lines.some((line) => line.msg === "PostgreSQL is reachable")).toBe(true);
  });
});
