/**
 * Not a benchmark (run.ts only picks *.bench.ts): the loop of
 * `kv-host-service-get-pglite` without tinybench, for a CPU profile of where
 * a plugin's KV get through the SDK and the plugin's stream spends its time
 * beyond KvStore.get (docs/benchmarks.md, "Host calls over the stream"):
 *
 *   cd packages/host && npx tsx bench/profile-kv-stream.ts 20000 /tmp/kv.cpuprofile
 *
 * The profile covers the timed loop of gets through the SDK only (not start-up).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { openStorage } from "../src/storage/open-storage.js";
import { startKvPluginHost } from "./kv-plugin-host.js";

const gets = Number(process.argv[2] ?? 20_000);
const profileFile = process.argv[3];
const TOKEN = "kv-profile-token";
const NAME = "kv-profile";
const logger = pino({ level: "silent" });
const dataDir = mkdtempSync(join(tmpdir(), "holomush-kv-profile-"));
const storage = await openStorage({ dataDir, logger });
const { host, kv: client, stop } = await startKvPluginHost(storage, NAME, TOKEN);
const keys = Array.from({ length: 500 }, (_, i) => `key:${String(i).padStart(4, "0")}`);
for (const key of keys) await client.set(key, new Uint8Array(64).fill(7));
const timed = async (label: string, get: (key: string) => Promise<unknown>) => {
  const started = process.hrtime.bigint();
  for (let i = 0; i < gets; i++) await get(keys[i % keys.length] as string);
  const perGet = Number(process.hrtime.bigint() - started) / 1000 / gets;
  console.log(`${label}: ${perGet.toFixed(1)} µs per get`);
};
const session = new Session();
if (profileFile) {
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 100 });
  await session.post("Profiler.start");
}
await timed("through the SDK and the stream", (key) => client.get(key));
if (profileFile) {
  const { profile } = await session.post("Profiler.stop");
  writeFileSync(profileFile, JSON.stringify(profile));
  session.disconnect();
}
await timed("KvStore.get directly", (key) => host.kv.get(NAME, key));
await stop();
rmSync(dataDir, { recursive: true, force: true });
