/**
 * `lua-host-path`: examples/lua-echo through the FULL host path (publish a
 * character's say → bus → delivery queue → a fresh Lua state per delivery →
 * chunk + on_event → the echo through the emit fence, seen by a watcher)
 * against calling the same `on_event` directly in one warm Lua state in
 * this thread, and against the WASM echo-bot's host path. Then the cold
 * start of 100 Lua plugins (load pass included) and the RSS each adds.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runBenchmark } from "@holomush/bench-kit";
import { ActorKind } from "@holomush/proto";
import { pino } from "pino";
import { parse } from "yaml";
import { createHost, type Host } from "../src/host/create-host.js";
import { validateManifest } from "../src/manifest/validate-manifest.js";
import type { PluginHostApi } from "../src/plugins/plugin-host-api.js";
import type { PluginInstance, PluginRuntime } from "../src/plugins/runtime.js";
import { createBridge } from "../src/runtimes/lua/lua-bridge.js";
import {
  compileChunk,
  createLuaState,
  DEFAULT_LUA_LIMITS,
  loadCompiled,
  runThread,
} from "../src/runtimes/lua/lua-engine.js";
import { eventTable } from "../src/runtimes/lua/lua-instance.js";
import { LUA_PRELUDE } from "../src/runtimes/lua/lua-prelude.js";
import { createLuaRuntime, luaRuntime } from "../src/runtimes/lua/lua-runtime.js";
import { createPluginSearchPath } from "../src/runtimes/wasm/__fixtures__/plugin-dirs.js";
import { createWasmRuntime } from "../src/runtimes/wasm/wasm-runtime.js";
import { delivery, events } from "./wasm-bench-support.js";

const examples = join(import.meta.dirname, "..", "..", "..", "examples");
const echoDir = join(examples, "lua-echo");
const PIPELINE = 100;
const PLUGINS = 100;

const inputs = Array.from({ length: PIPELINE }, (_, i) => ({
  stream: "location:square",
  type: "say",
  payload: JSON.stringify({ message: `message number ${i}` }),
  actorKind: ActorKind.CHARACTER,
  actorId: "char-1",
}));

/** Publishes says and resolves once `echoer` echoed each. */
function echoDriver(host: Host, echoer: string) {
  let published = 0;
  let echoed = 0;
  let target = Number.POSITIVE_INFINITY;
  let wake: (() => void) | undefined;
  host.bus.watch("location:*", (event) => {
    if (event.actorKind === ActorKind.PLUGIN && event.actorId === echoer && ++echoed >= target) wake?.();
  });
  const echoedAtLeast = (count: number) =>
    echoed >= count
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          target = count;
          wake = resolve;
        });
  return {
    async one() {
      published++;
      await host.publish(inputs[0]!);
      await echoedAtLeast(published);
    },
    async burst() {
      for (const input of inputs) {
        published++;
        await host.publish(input);
      }
      await echoedAtLeast(published);
    },
  };
}

async function startHost(runtime: PluginRuntime | ReturnType<typeof luaRuntime>, dirs: string[]) {
  const host = await createHost({ pluginDirs: dirs, runtimes: [runtime], logger: pino({ level: "silent" }) });
  const report = await host.start();
  if (report.failed.length > 0) throw new Error(`did not load: ${report.failed[0]?.error.message}`);
  return host;
}

/** on_event of lua-echo in ONE warm state, called directly (no host, no fresh state). */
async function directCall() {
  const engine = await createLuaState(DEFAULT_LUA_LIMITS);
  const source = readFileSync(join(echoDir, "main.lua"), "utf8");
  const host = { log: () => undefined } as unknown as PluginHostApi;
  const bridge = createBridge({
    manifest: loadManifestFrom(echoDir).manifest,
    api: host,
    services: { authorizer: { authorize: () => ({ allowed: true, reason: "bench" }) } },
    lastWhispered: new Map(),
    logger: pino({ level: "silent" }),
  });
  engine.global.set("__holo_bridge", bridge);
  const options = { deadlineMs: Number.MAX_SAFE_INTEGER, limits: DEFAULT_LUA_LIMITS };
  await runThread(loadCompiled(engine, compileChunk(engine, LUA_PRELUDE, "=holo"), "=holo"), 0, options);
  await runThread(loadCompiled(engine, compileChunk(engine, source, "@main.lua"), "@main.lua"), 0, options);
  const tables = events.map(eventTable);
  const call = async (index: number) => {
    const top = engine.global.getTop();
    const thread = engine.global.newThread();
    thread.lua.lua_getglobal(thread.address, "on_event");
    thread.pushValue(tables[index % tables.length]);
    const [result] = await runThread(thread, 1, options);
    engine.global.setTop(top);
    return result;
  };
  const check = (await call(0)) as Array<{ payload: string }>;
  if (!check?.[0]?.payload.includes("Echo: message number 0")) throw new Error("direct call did not echo");
  return { call, close: () => engine.global.close() };
}

function loadManifestFrom(dir: string) {
  const result = validateManifest(parse(readFileSync(join(dir, "plugin.yaml"), "utf8")), join(dir, "plugin.yaml"), dir);
  if (!result.source) throw new Error(result.errors.map((e) => e.format()).join("\n"));
  return result.source;
}

export async function run(): Promise<void> {
  const luaRoot = mkdtempSync(join(tmpdir(), "lua-bench-"));
  cpSync(echoDir, join(luaRoot, "fresh", "lua-echo"), { recursive: true });
  const lua = await startHost(luaRuntime(), [join(luaRoot, "fresh")]);
  // The same plugin with `lua-plugin.state: persistent`, in a host of its own.
  const persistentDir = join(luaRoot, "persistent", "lua-echo");
  cpSync(echoDir, persistentDir, { recursive: true });
  const yaml = readFileSync(join(persistentDir, "plugin.yaml"), "utf8");
  writeFileSync(
    join(persistentDir, "plugin.yaml"),
    yaml.replace("  entry: main.lua", "  entry: main.lua\n  state: persistent"),
  );
  const luaPersistent = await startHost(luaRuntime(), [join(luaRoot, "persistent")]);
  const direct = await directCall();
  const paths = createPluginSearchPath();
  paths.addExample("echo-bot");
  const wasm = await startHost(createWasmRuntime({ workers: 1 }), [paths.root]);
  try {
    const luaDriver = echoDriver(lua, "lua-echo");
    const persistentDriver = echoDriver(luaPersistent, "lua-echo");
    const wasmDriver = echoDriver(wasm, "echo-bot");
    await luaDriver.burst();
    await persistentDriver.burst();
    await wasmDriver.burst();
    const latency = await runBenchmark({
      name: "lua-host-path-latency",
      unit: "µs",
      subject: {
        name: "host: publish one say → lua-echo's echo observed (fresh state per delivery)",
        fn: luaDriver.one,
      },
      baseline: { name: "direct: on_event in one warm Lua state, in-thread", fn: () => direct.call(0) },
      iterations: 300,
      time: 3000,
    });
    const persistentLatency = await runBenchmark({
      name: "lua-host-path-latency-persistent",
      unit: "µs",
      subject: {
        name: "host: publish one say → lua-echo's echo observed (state: persistent)",
        fn: persistentDriver.one,
      },
      baseline: { name: "direct: on_event in one warm Lua state, in-thread", fn: () => direct.call(0) },
      iterations: 300,
      time: 3000,
    });
    const burst = await runBenchmark({
      name: "lua-host-path-burst",
      unit: "µs",
      subject: { name: `host: ${PIPELINE} says → ${PIPELINE} lua-echo echoes`, fn: luaDriver.burst },
      baseline: {
        name: `direct: on_event x${PIPELINE} in one warm Lua state`,
        fn: async () => {
          for (let i = 0; i < PIPELINE; i++) await direct.call(i);
        },
      },
      iterations: 40,
      time: 4000,
      rounds: 4,
      extra: { eventsPerOp: PIPELINE },
    });
    const persistentBurst = await runBenchmark({
      name: "lua-host-path-burst-persistent",
      unit: "µs",
      subject: {
        name: `host: ${PIPELINE} says → ${PIPELINE} lua-echo echoes (state: persistent)`,
        fn: persistentDriver.burst,
      },
      baseline: { name: `host: ${PIPELINE} says → ${PIPELINE} WASM echo-bot echoes`, fn: wasmDriver.burst },
      iterations: 40,
      time: 4000,
      rounds: 4,
      extra: { eventsPerOp: PIPELINE },
    });
    const vsWasm = await runBenchmark({
      name: "lua-vs-wasm-host-path",
      unit: "µs",
      subject: { name: `host: ${PIPELINE} says → ${PIPELINE} lua-echo echoes`, fn: luaDriver.burst },
      baseline: { name: `host: ${PIPELINE} says → ${PIPELINE} WASM echo-bot echoes`, fn: wasmDriver.burst },
      iterations: 40,
      time: 4000,
      rounds: 4,
      extra: { eventsPerOp: PIPELINE },
    });
    const perSecond = (micros: number | undefined) => ((PIPELINE * 1e6) / (micros ?? Number.NaN)).toFixed(0);
    console.log(
      `  latency µs: host p50 ${latency.median.toFixed(1)}, direct p50 ${latency.baselineMedian?.toFixed(1)} (ratio ${latency.ratio?.toFixed(2)})`,
    );
    console.log(
      `  persistent: latency p50 ${persistentLatency.median.toFixed(1)} µs (ratio ${persistentLatency.ratio?.toFixed(2)} vs direct); ` +
        `events/s ${perSecond(persistentBurst.median)} (lua/wasm time ratio ${persistentBurst.ratio?.toFixed(2)})`,
    );
    console.log(
      `  events/s: lua host ${perSecond(burst.median)}, lua direct ${perSecond(burst.baselineMedian)} (ratio ${burst.ratio?.toFixed(2)}); ` +
        `wasm host ${perSecond(vsWasm.baselineMedian)} (lua/wasm time ratio ${vsWasm.ratio?.toFixed(2)})`,
    );
  } finally {
    direct.close();
    await lua.stop();
    await luaPersistent.stop();
    await wasm.stop();
    paths.remove();
    rmSync(luaRoot, { recursive: true, force: true });
  }
  await coldStart();
}

async function loadMany(count: number) {
  const runtime = createLuaRuntime({
    services: { authorizer: { authorize: () => ({ allowed: true, reason: "bench" }) } },
  });
  const source = loadManifestFrom(echoDir);
  const host = { pluginName: "lua-echo", log: () => undefined } as unknown as PluginHostApi;
  const instances: PluginInstance[] = [];
  for (let i = 0; i < count; i++) {
    instances.push(
      await runtime.load({ source, host, logger: pino({ level: "silent" }), signal: new AbortController().signal }),
    );
  }
  return instances;
}

async function coldStart(): Promise<void> {
  await loadMany(4);
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  const instances = await loadMany(PLUGINS);
  await Promise.all(instances.map((instance) => instance.handleEvent(events[0]!, delivery())));
  globalThis.gc?.();
  const perPlugin = Number(((process.memoryUsage().rss - before) / PLUGINS / 1024 / 1024).toFixed(3));
  console.log(`  RSS per loaded Lua plugin: ${perPlugin.toFixed(3)} MB (${PLUGINS} plugins, each after one event)`);
  await runBenchmark({
    name: "lua-cold-start",
    unit: "ms",
    subject: { name: `load ${PLUGINS} lua-echo plugins (each chunk run once at load)`, fn: () => loadMany(PLUGINS) },
    iterations: 5,
    time: 1,
    goal: { description: `${PLUGINS} plugins loaded in ≤ 1000 ms`, met: (result) => result.median <= 1000 },
    extra: { rssPerPluginMB: perPlugin, rssGoal: "≤ 2 MB per loaded plugin", rssGoalMet: perPlugin <= 2 },
  });
}
