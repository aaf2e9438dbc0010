/**
 * `kv-host-service-<engine>`: a plugin's KV call through the whole host
 * service path — the SDK's KvClient → PluginHostService (Connect over HTTP/2
 * on the unix socket, bearer-token bound) → the plugin-bound host API
 * (Cedar authorization, namespace binding) → the durable KvStore — against
 * the same operation on the KvStore directly, same run. For PGlite (embedded)
 * and PostgreSQL (a throwaway database). The plugin is the process fixture,
 * dialed in with an operator token; the bench calls with that token too.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BenchmarkResult, runBenchmark } from "@holomush/bench-kit";
import { createHostConnection, createKvClient } from "@holomush/plugin-sdk";
import { pino } from "pino";
import { createHost } from "../src/host/create-host.js";
import { fixturesDir, prepareFixturePlugins } from "../src/runtimes/process/__fixtures__/fixture-plugins.js";
import { createProcessRuntime, type ProcessRuntime } from "../src/runtimes/process/process-runtime.js";
import { openStorage, type Storage } from "../src/storage/open-storage.js";
import { createThrowawayDatabase } from "../src/storage/test-database.js";

const TOKEN = "kv-bench-token";
const NAME = "kv-bench";

async function benchEngine(engine: string, storage: Storage): Promise<void> {
  const logger = pino({ level: "silent" });
  let runtime: ProcessRuntime | undefined;
  const host = await createHost({
    logger,
    storage,
    runtimes: [
      (deps) => {
        runtime = createProcessRuntime({ ...deps, dialInTokens: { [NAME]: TOKEN } });
        return runtime;
      },
    ],
  });
  await host.start();
  prepareFixturePlugins();
  const loading = host.registerPlugin({ name: NAME, version: "1.0.0", type: "binary", "binary-plugin": {} });
  const address = runtime?.address ?? "";
  const child = spawn(process.execPath, [join(fixturesDir, "echo-plugin", "plugin.mjs")], {
    env: {
      PATH: process.env.PATH ?? "",
      HOLOMUSH_HOST_ADDRESS: address,
      HOLOMUSH_PLUGIN_NAME: NAME,
      HOLOMUSH_PLUGIN_VERSION: "1.0.0",
      HOLOMUSH_PLUGIN_TOKEN: TOKEN,
    },
    stdio: "ignore",
  });
  const report = await loading;
  if (report?.loaded[0] !== NAME) throw new Error(`kv bench plugin did not load: ${report?.errors[0]?.message}`);
  const connection = createHostConnection({ socketPath: address.replace(/^unix:/, ""), token: TOKEN });
  const kv = createKvClient(connection.host);
  const value = new Uint8Array(64).fill(7);
  const keys = Array.from({ length: 500 }, (_, i) => `key:${String(i).padStart(4, "0")}`);
  for (const key of keys) await kv.set(key, value);
  let next = 0;
  const nextKey = () => keys[next++ % keys.length] as string;
  const opsPerSecond = (result: BenchmarkResult) => Math.round(1e6 / result.median);
  for (const [operation, viaHost, direct] of [
    ["get", () => kv.get(nextKey()), () => host.kv.get(NAME, nextKey())],
    ["set", () => kv.set(nextKey(), value), () => host.kv.set(NAME, nextKey(), value)],
  ] as const) {
    const result = await runBenchmark({
      name: `kv-host-service-${operation}-${engine}`,
      subject: { name: `KvClient.${operation} through PluginHostService (${engine})`, fn: viaHost },
      baseline: { name: `KvStore.${operation} directly (${engine})`, fn: direct },
      time: 1500,
    });
    console.log(`  ${operation} ops/s through the host service: ${opsPerSecond(result)} (${engine})`);
  }
  connection.sessionManager.abort();
  await host.stop();
  child.kill();
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
