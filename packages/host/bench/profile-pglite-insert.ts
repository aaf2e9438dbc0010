/**
 * Not a benchmark (run.ts only picks *.bench.ts): what one history INSERT
 * costs in the embedded PGlite under a few settings, and per event when
 * several rows share one INSERT, through PGlite's query() and through the
 * adapter's prepared statements (storage/pglite-prepared.ts), for docs/benchmarks.md:
 *
 *   cd packages/host && npx tsx bench/profile-pglite-insert.ts
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { createPreparedQueries } from "../src/storage/pglite-prepared.js";
import { pgliteStartParams } from "../src/storage/pglite-settings.js";

const N = 3000;

/** N events in INSERTs of `rows` rows each; p50/p90 per INSERT, CPU and wall time per event. */
async function measure(label: string, settings: Record<string, string>, rows = 1, via: "query" | "prepared" = "query") {
  const dir = mkdtempSync(join(tmpdir(), "pglite-insert-"));
  const db = await PGlite.create({ dataDir: dir, startParams: pgliteStartParams(settings) });
  await db.exec(`CREATE TABLE events (stream text NOT NULL, id text COLLATE "C" NOT NULL, type text NOT NULL,
    ts bigint NOT NULL, actor_kind integer NOT NULL, actor_id text NOT NULL, payload text NOT NULL, PRIMARY KEY (stream, id))`);
  const tuples = Array.from(
    { length: rows },
    (_, r) => `($${r * 7 + 1},$${r * 7 + 2},$${r * 7 + 3},$${r * 7 + 4},$${r * 7 + 5},$${r * 7 + 6},$${r * 7 + 7})`,
  );
  const prepared = createPreparedQueries(db);
  const run = (sql: string, params: unknown[]) =>
    via === "query" ? db.query(sql, params) : prepared.query(sql, params);
  const sql = `INSERT INTO events (stream, id, type, ts, actor_kind, actor_id, payload) VALUES ${tuples.join(",")}`;
  const batches = Math.ceil(N / rows);
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let b = 0; b < batches; b++) {
    const params: unknown[] = [];
    for (let r = 0; r < rows; r++) {
      const i = b * rows + r;
      params.push(
        "location:square",
        `01J${String(i).padStart(23, "0")}`,
        "say",
        Date.now(),
        1,
        "char-1",
        `{"message":"hello ${i}"}`,
      );
    }
    const t = performance.now();
    await run(sql, params);
    times.push(performance.now() - t);
  }
  const perEventUs = ((performance.now() - t0) * 1000) / (batches * rows);
  const cpu = process.cpuUsage(cpu0);
  times.sort((a, b) => a - b);
  const us = (ms: number | undefined) => ((ms ?? 0) * 1000).toFixed(0);
  console.log(
    `${label}, ${rows} row(s) per INSERT via ${via === "query" ? "PGlite's query()" : "a prepared statement"}: p50 ${us(times[batches >> 1])} µs, p90 ${us(times[Math.floor(batches * 0.9)])} µs per INSERT; ` +
      `${perEventUs.toFixed(0)} µs wall, ${((cpu.user + cpu.system) / (batches * rows)).toFixed(0)} µs CPU per event`,
  );
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}

await measure("default (host settings)", {});
await measure("default (host settings)", {}, 1, "prepared");
await measure("synchronous_commit=off", { synchronous_commit: "off" });
for (const rows of [2, 10, 50]) {
  await measure("default", {}, rows);
  await measure("default", {}, rows, "prepared");
}
