/**
 * Not a benchmark (run.ts only picks *.bench.ts): what one history INSERT
 * costs in the embedded PGlite under a few settings, for docs/benchmarks.md:
 *
 *   cd packages/host && npx tsx bench/profile-pglite-insert.ts
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pgliteStartParams } from "../src/storage/pglite-settings.js";

const N = 3000;
async function measure(label: string, settings: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), "pglite-insert-"));
  const db = await PGlite.create({ dataDir: dir, startParams: pgliteStartParams(settings) });
  await db.exec(`CREATE TABLE events (stream text NOT NULL, id text COLLATE "C" NOT NULL, type text NOT NULL,
    ts bigint NOT NULL, actor_kind integer NOT NULL, actor_id text NOT NULL, payload text NOT NULL, PRIMARY KEY (stream, id))`);
  const sql = "INSERT INTO events (stream, id, type, ts, actor_kind, actor_id, payload) VALUES ($1,$2,$3,$4,$5,$6,$7)";
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await db.query(sql, [
      "location:square",
      `01J${String(i).padStart(23, "0")}`,
      "say",
      Date.now(),
      1,
      "char-1",
      `{"message":"hello ${i}"}`,
    ]);
    times.push(performance.now() - t);
  }
  const cpu = process.cpuUsage(cpu0);
  times.sort((a, b) => a - b);
  console.log(
    `${label}: p50 ${((times[N >> 1] ?? 0) * 1000).toFixed(0)} µs, p90 ${((times[Math.floor(N * 0.9)] ?? 0) * 1000).toFixed(0)} µs, CPU ${((cpu.user + cpu.system) / N).toFixed(0)} µs/insert`,
  );
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}

async function measureBatch(rows: number) {
  const dir = mkdtempSync(join(tmpdir(), "pglite-insert-"));
  const db = await PGlite.create({ dataDir: dir, startParams: pgliteStartParams() });
  await db.exec(`CREATE TABLE events (stream text NOT NULL, id text COLLATE "C" NOT NULL, type text NOT NULL,
    ts bigint NOT NULL, actor_kind integer NOT NULL, actor_id text NOT NULL, payload text NOT NULL, PRIMARY KEY (stream, id))`);
  const values = Array.from(
    { length: rows },
    (_, r) => `($${r * 7 + 1},$${r * 7 + 2},$${r * 7 + 3},$${r * 7 + 4},$${r * 7 + 5},$${r * 7 + 6},$${r * 7 + 7})`,
  );
  const sql = `INSERT INTO events (stream, id, type, ts, actor_kind, actor_id, payload) VALUES ${values.join(",")}`;
  const batches = Math.ceil(N / rows);
  const t0 = performance.now();
  for (let b = 0; b < batches; b++) {
    const params = [];
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
    await db.query(sql, params);
  }
  console.log(
    `${rows} rows per INSERT: ${(((performance.now() - t0) * 1000) / (batches * rows)).toFixed(0)} µs per event`,
  );
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}

await measure("default (host settings)", {});
await measure("synchronous_commit=off", { synchronous_commit: "off" });
for (const rows of [1, 2, 10, 50]) await measureBatch(rows);
