import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create } from "@bufbuild/protobuf";
import { EventSchema } from "@holomush/proto";
import { monotonicFactory } from "ulid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeEventStoreContract } from "./event-store.contract.js";
import { HOST_MIGRATIONS, migrateHostSchema } from "./host-migrations.js";
import { describeKvStoreContract } from "./kv-store.contract.js";
import { createPgliteSqlClient } from "./pglite-sql-client.js";
import type { SqlClient } from "./sql-client.js";
import { createSqlEventStore } from "./sql-event-store.js";
import { createSqlKvStore } from "./sql-kv-store.js";

/** PGlite takes ~2 s to start alone; much more on a busy shared machine. */
const STARTUP_TIMEOUT_MS = 60_000;
// One PGlite for the whole file (it takes ~2 s to start); every contract test
// uses fresh namespaces and streams.
const dataDir = mkdtempSync(join(tmpdir(), "holomush-pglite-"));
let client: SqlClient;

beforeAll(async () => {
  client = await createPgliteSqlClient({ dataDir });
  await migrateHostSchema(client);
}, STARTUP_TIMEOUT_MS);
afterAll(async () => {
  await client?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describeKvStoreContract("pglite", async () => createSqlKvStore(client));
describeEventStoreContract("pglite", async () => createSqlEventStore(client));

describe("SQL stores on PGlite", () => {
  const nextId = monotonicFactory();

  it(
    "keeps every acknowledged write across close and reopen of the same data directory",
    async () => {
      const kv = createSqlKvStore(client);
      const events = createSqlEventStore(client);
      const event = create(EventSchema, { id: nextId(), stream: "location:durable", type: "say", payload: "{}" });
      await kv.set("durable", "k", new Uint8Array([1, 2, 3]));
      await events.append(event);
      await client.close();

      client = await createPgliteSqlClient({ dataDir });
      expect(await migrateHostSchema(client)).toEqual([]);
      expect(await createSqlKvStore(client).get("durable", "k")).toEqual(new Uint8Array([1, 2, 3]));
      const page = await createSqlEventStore(client).query({ stream: "location:durable" });
      expect(page.entries.map((entry) => entry.event)).toEqual([event]);
    },
    STARTUP_TIMEOUT_MS,
  );

  it("applies host migrations once and records them", async () => {
    expect(await migrateHostSchema(client)).toEqual([]);
    const { rows } = await client.query<{ version: number; name: string }>(
      "SELECT version, name FROM holomush.schema_migrations ORDER BY version",
    );
    expect(rows).toEqual(HOST_MIGRATIONS.map(({ version, name }) => ({ version, name })));
  });

  it("refuses a database migrated by a newer host", async () => {
    await client.query("INSERT INTO holomush.schema_migrations (version, name) VALUES (999, 'future')");
    try {
      await expect(migrateHostSchema(client)).rejects.toMatchObject({ code: "STORAGE_SCHEMA_TOO_NEW" });
    } finally {
      await client.query("DELETE FROM holomush.schema_migrations WHERE version = 999");
    }
  });

  it("refuses a duplicate event id and calls after close", async () => {
    const events = createSqlEventStore(client);
    const event = create(EventSchema, { id: nextId(), stream: "location:dup", type: "say", payload: "{}" });
    await events.append(event);
    await expect(events.append(event)).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    await events.close?.();
    await expect(events.query({ stream: "location:dup" })).rejects.toMatchObject({ code: "STORAGE_UNAVAILABLE" });
    const kv = createSqlKvStore(client);
    await kv.close?.();
    await expect(kv.get("ns", "k")).rejects.toMatchObject({ code: "STORAGE_UNAVAILABLE" });
  });
});
