/**
 * `kv-host-service-<op>-<engine>`: a plugin's KV call through the whole host
 * path — the SDK's KvClient → a HostRequest frame on the plugin's open
 * PluginHostService.Connect stream (HTTP/2 on the unix socket, bound to the
 * plugin at its hello) → the plugin-bound host API (Cedar authorization,
 * namespace binding) → the durable KvStore — against the same operation on
 * the KvStore directly, in alternating rounds of the same run. For PGlite
 * (embedded) and PostgreSQL (a throwaway database). The plugin is the SDK's
 * own `serve`, dialed in with an operator token from this process, so the
 * KvClient measured is the one a plugin's handler gets. `-unary-` runs the
 * same get as a unary PluginHostService call (the path plugins took before
 * host calls rode the stream, still served) for comparison.
 * `-get-transport-floor-` is a bare HTTP/2 stream carrying the same get
 * (raw-http2-kv.ts) against the direct get: what any HTTP/2 transport costs
 * on this machine; `-get-over-transport-` is the plugin's get against that
 * floor: what the SDK, the frames and the host API add to it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BenchmarkResult, runBenchmark } from "@holomush/bench-kit";
import { createHostConnection, createKvClient } from "@holomush/plugin-sdk";
import { pino } from "pino";
import { openStorage, type Storage } from "../src/storage/open-storage.js";
import { createThrowawayDatabase } from "../src/storage/test-database.js";
import { startKvPluginHost } from "./kv-plugin-host.js";
import { startRawHttp2Kv } from "./raw-http2-kv.js";

const TOKEN = "kv-bench-token";
const NAME = "kv-bench";

async function benchEngine(engine: string, storage: Storage): Promise<void> {
  const { host, kv: streamKv, address, stop } = await startKvPluginHost(storage, NAME, TOKEN);
  const connection = createHostConnection({ socketPath: address.replace(/^unix:/, ""), token: TOKEN });
  const unaryKv = createKvClient(connection.host);
  const value = new Uint8Array(64).fill(7);
  const keys = Array.from({ length: 500 }, (_, i) => `key:${String(i).padStart(4, "0")}`);
  for (const key of keys) await streamKv.set(key, value);
  let next = 0;
  const nextKey = () => keys[next++ % keys.length] as string;
  const opsPerSecond = (result: BenchmarkResult) => Math.round(1e6 / result.median);
  const withinTwice = {
    description: "KvClient ≤ 2× KvStore directly",
    met: (r: BenchmarkResult) => (r.ratio ?? 99) <= 2,
  };
  for (const [operation, via, viaHost, direct, goal] of [
    ["get", "the plugin's stream", () => streamKv.get(nextKey()), () => host.kv.get(NAME, nextKey()), withinTwice],
    ["set", "the plugin's stream", () => streamKv.set(nextKey(), value), () => host.kv.set(NAME, nextKey(), value)],
    ["unary-get", "unary PluginHostService", () => unaryKv.get(nextKey()), () => host.kv.get(NAME, nextKey())],
  ] as const) {
    const result = await runBenchmark({
      name: `kv-host-service-${operation}-${engine}`,
      subject: { name: `KvClient.${operation} over ${via} (${engine})`, fn: viaHost },
      baseline: { name: `KvStore.${operation.replace("unary-", "")} directly (${engine})`, fn: direct },
      time: 1500,
      rounds: 4,
      ...(goal ? { goal } : {}),
    });
    console.log(`  ${operation} ops/s through the host: ${opsPerSecond(result)} (${engine})`);
  }
  const raw = await startRawHttp2Kv(host.kv, NAME);
  const rawGet = { name: `a bare HTTP/2 stream carrying KvStore.get (${engine})`, fn: () => raw.get(nextKey()) };
  await runBenchmark({
    name: `kv-host-service-get-transport-floor-${engine}`,
    subject: rawGet,
    baseline: { name: `KvStore.get directly (${engine})`, fn: () => host.kv.get(NAME, nextKey()) },
    time: 1500,
    rounds: 4,
  });
  await runBenchmark({
    name: `kv-host-service-get-over-transport-${engine}`,
    subject: { name: `KvClient.get over the plugin's stream (${engine})`, fn: () => streamKv.get(nextKey()) },
    baseline: rawGet,
    time: 1500,
    rounds: 4,
  });
  await raw.close();
  connection.sessionManager.abort();
  await stop();
}

export async function run(): Promise<void> {
  const logger = pino({ level: "silent" });
  const dataDir = mkdtempSync(join(tmpdir(), "holomush-kv-bench-"));
  try {
    await benchEngine("pglite", await openStorage({ dataDir, logger }));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const database = await createThrowawayDatabase("kvbench");
  try {
    await benchEngine("postgres", await openStorage({ databaseUrl: database.url, logger, rolePrefix: "kvbench_" }));
  } finally {
    await database.drop();
  }
}
