// Child process of footprint.bench.ts: the host `holomush-host run` starts
// (storage, host with the WASM and process runtimes, console), from the built
// package and without tsx, so its memory is the host's alone. Engine from
// argv: `pglite <dataDir>` or `postgres <url>`. Answers the parent's IPC
// messages: "idle" and "events" each reply with a memory sample; "events"
// first publishes 10,000 say events through host.publish (history appends).
import { readFileSync } from "node:fs";
import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { createHost, createProcessRuntime, createWasmRuntime, openStorage } from "@holomush/host";
import { pino } from "pino";
import { builtInWorld, startConsoleServer } from "../dist/index.js";

// As `holomush-host run` does (src/cli/lean-wasm.ts), before anything compiles WASM.
if (process.env.HOLOMUSH_WASM_OPTIMIZE !== "1") setFlagsFromString("--liftoff-only");

const EVENTS = 10_000;
const STREAMS = 20;
const [engine, target] = process.argv.slice(2);
const MB = 1024 * 1024;

/** kB fields of /proc/self/smaps_rollup (Linux), in MB; empty elsewhere. */
function smapsRollup() {
  try {
    const text = readFileSync("/proc/self/smaps_rollup", "utf8");
    const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? Number.NaN) / 1024;
    return { anonymousMB: field("Anonymous"), fileBackedMB: field("Rss") - field("Anonymous") };
  } catch {
    return {};
  }
}

function sample() {
  const usage = process.memoryUsage();
  const heap = getHeapStatistics();
  return {
    rssMB: usage.rss / MB,
    heapUsedMB: usage.heapUsed / MB,
    heapTotalMB: usage.heapTotal / MB,
    externalMB: usage.external / MB,
    arrayBuffersMB: usage.arrayBuffers / MB,
    mallocedMB: heap.malloced_memory / MB,
    ...smapsRollup(),
  };
}

const logger = pino({ level: "warn" });
const storage = await openStorage(
  engine === "postgres" ? { logger, databaseUrl: target } : { logger, dataDir: target },
);
const host = await createHost({
  ...builtInWorld(),
  pluginDirs: [],
  logger,
  storage,
  runtimes: [createWasmRuntime(), (h) => createProcessRuntime({ services: h.services, logger: h.logger })],
});
await host.start();
const console = await startConsoleServer(host, { host: "127.0.0.1", port: 0 });

async function publishEvents() {
  const text = 'Alice says, "a line of a scene, about as long as a pose usually is in a text game."';
  for (let i = 0; i < EVENTS; i++) {
    await host.publish({
      stream: `location:room-${i % STREAMS}`,
      type: "say",
      payload: JSON.stringify({ text, n: i }),
      actorKind: 1,
      actorId: "char-bench",
    });
  }
}

process.on("message", async (message) => {
  if (message === "idle") process.send?.({ phase: "idle", ...sample() });
  else if (message === "events") {
    const started = performance.now();
    await publishEvents();
    process.send?.({ phase: "events", publishMs: performance.now() - started, ...sample() });
  } else if (message === "sample") process.send?.({ phase: "sample", ...sample() });
  else if (message === "stop") {
    await console.close();
    await host.stop();
    process.exit(0);
  }
});
process.send?.({ phase: "ready" });
