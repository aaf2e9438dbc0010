/**
 * Durable storage benchmarks (storage issue), each engine through the
 * KvStore / EventStore seams the host uses:
 *
 * 1. `storage-kv-get-<engine>` / `storage-kv-set-<engine>`: one KV call on a
 *    namespace holding 1,000 keys of 64 bytes (set overwrites keys in turn),
 *    against the engine's floor: a bare `SELECT 1` through the same client.
 *    Goals: get p50 ≤ 3× the floor; set p50 ≤ 1 ms (a set is a durable
 *    commit, so on PostgreSQL it pays a WAL flush the floor does not; PGlite
 *    runs with fsync off). ops/s (1e6 / p50 µs) is printed and stored.
 * 2. `storage-history-500-<engine>`: QueryStreamHistory for a full 500-event
 *    page of a 2,000-event stream (newest page), vs the in-memory engine.
 *    Goal: p50 ≤ 10 ms.
 * 3. `storage-publish-burst-<engine>`: 1,000 `host.publish` calls made at
 *    once and all awaited (the history append is each publish's durable
 *    step), with the engine's group commit (what queued during a write goes
 *    in one INSERT) against the same engine written one event at a time.
 *
 * Engines: PostgreSQL at HOLOMUSH_TEST_DATABASE_URL (a throwaway database,
 * dropped afterwards) and PGlite in a temp directory. The host-service path
 * (a plugin's KV call over its runtime) is measured elsewhere.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create } from "@bufbuild/protobuf";
import { type BenchmarkResult, runBenchmark, writeResult } from "@holomush/bench-kit";
import { ActorKind, EventSchema } from "@holomush/proto";
import { pino } from "pino";
import { monotonicFactory } from "ulid";
import { createHost } from "../src/host/create-host.js";
import type { EventStore } from "../src/storage/event-store.js";
import { migrateHostSchema } from "../src/storage/host-migrations.js";
import { createMemoryEventStore } from "../src/storage/memory-event-store.js";
import { createPgSqlClient } from "../src/storage/pg-sql-client.js";
import { createPgliteSqlClient } from "../src/storage/pglite-sql-client.js";
import type { SqlClient } from "../src/storage/sql-client.js";
import { createSqlEventStore } from "../src/storage/sql-event-store.js";
import { createSqlKvStore } from "../src/storage/sql-kv-store.js";
import { createThrowawayDatabase } from "../src/storage/test-database.js";

const KEYS = 1000;
const STREAM_EVENTS = 2000;
const PAGE = 500;
const opsPerSecond = (result: BenchmarkResult) => Math.round(1e6 / result.median);

async function benchEngine(engine: string, client: SqlClient): Promise<void> {
  await migrateHostSchema(client);
  const kv = createSqlKvStore(client);
  const value = new Uint8Array(64).fill(7);
  const keys = Array.from({ length: KEYS }, (_, i) => `key:${String(i).padStart(4, "0")}`);
  for (const key of keys) await kv.set("bench", key, value);
  const floor = { name: `${engine}: SELECT 1 through the same client`, fn: () => client.query("SELECT 1") };
  let next = 0;
  const nextKey = () => keys[next++ % KEYS] as string;
  const goals = {
    get: {
      description: "p50 ≤ 3× a bare SELECT 1",
      met: (r: BenchmarkResult) => (r.ratio ?? Number.POSITIVE_INFINITY) <= 3,
    },
    set: { description: "p50 ≤ 1 ms (durable commit)", met: (r: BenchmarkResult) => r.median <= 1000 },
  };
  for (const [operation, fn] of [
    ["get", () => kv.get("bench", nextKey())],
    ["set", () => kv.set("bench", nextKey(), value)],
  ] as const) {
    const result = await runBenchmark({
      name: `storage-kv-${operation}-${engine}`,
      subject: { name: `${engine}: KvStore.${operation} (64-byte value, ${KEYS} keys)`, fn },
      baseline: floor,
      iterations: 1000,
      goal: goals[operation],
    });
    // Re-written with the throughput figure, which is only known after the run.
    writeResult({ ...result, opsPerSecond: opsPerSecond(result) });
  }

  const events = createSqlEventStore(client);
  const memory = createMemoryEventStore();
  const stream = `location:bench-${Date.now()}`;
  await fillStream(stream, [events, memory]);
  await runBenchmark({
    name: `storage-history-${PAGE}-${engine}`,
    unit: "ms",
    subject: {
      name: `${engine}: QueryStreamHistory, ${PAGE}-event page`,
      fn: () => events.query({ stream, count: PAGE }),
    },
    baseline: { name: "in-memory engine, same page", fn: () => memory.query({ stream, count: PAGE }) },
    iterations: 100,
    goal: { description: "p50 ≤ 10 ms", met: (r) => r.median <= 10 },
  });
}

const BURST = 1000;

/** `host.publish` × BURST at once, all awaited, through a host whose history is `events`. */
async function publishBurst(events: EventStore): Promise<() => Promise<void>> {
  const host = await createHost({ storage: { events }, logger: pino({ level: "silent" }) });
  await host.start();
  let round = 0;
  return async () => {
    round++;
    const publishes: Array<Promise<unknown>> = [];
    for (let i = 0; i < BURST; i++) {
      publishes.push(
        host.publish({
          stream: `location:burst-${round % 10}`,
          type: "say",
          payload: JSON.stringify({ message: `burst ${round} line ${i}` }),
          actorKind: ActorKind.CHARACTER,
          actorId: "char-1",
        }),
      );
    }
    await Promise.all(publishes);
  };
}

async function benchPublishBurst(engine: string, client: SqlClient): Promise<void> {
  const grouped = createSqlEventStore(client);
  const single = createSqlEventStore(client);
  const oneAtATime: EventStore = { append: single.append, query: single.query };
  const result = await runBenchmark({
    name: `storage-publish-burst-${engine}`,
    unit: "ms",
    subject: { name: `${engine}: ${BURST} publishes at once, group commit`, fn: await publishBurst(grouped) },
    baseline: { name: `${engine}: the same, one write per event`, fn: await publishBurst(oneAtATime) },
    iterations: 20,
    time: 8000,
  });
  const perSecond = (ms: number | undefined) => Math.round((BURST * 1000) / (ms ?? Number.NaN));
  console.log(
    `  ${engine}: ${perSecond(result.median)} events/s with group commit, ${perSecond(result.baselineMedian)} one at a time`,
  );
}

async function fillStream(stream: string, stores: EventStore[]): Promise<void> {
  const nextId = monotonicFactory();
  const base = 1_700_000_000_000;
  for (let i = 0; i < STREAM_EVENTS; i++) {
    const event = create(EventSchema, {
      id: nextId(base + i),
      stream,
      type: "say",
      timestamp: BigInt(base + i),
      actorKind: ActorKind.CHARACTER,
      actorId: "char-1",
      payload: JSON.stringify({ text: `line ${i} of the scene, long enough to be a realistic pose` }),
    });
    for (const store of stores) await store.append(event);
  }
}

export async function run(): Promise<void> {
  const database = await createThrowawayDatabase("bench");
  const postgres = await createPgSqlClient({ connectionString: database.url });
  try {
    await benchEngine("postgres", postgres);
    await benchPublishBurst("postgres", postgres);
  } finally {
    await postgres.close();
    await database.drop();
  }
  const dataDir = mkdtempSync(join(tmpdir(), "holomush-bench-pglite-"));
  const pglite = await createPgliteSqlClient({ dataDir });
  try {
    await benchEngine("pglite", pglite);
    await benchPublishBurst("pglite", pglite);
  } finally {
    await pglite.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
