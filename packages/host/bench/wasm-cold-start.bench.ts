/**
 * Cold start of 100 WASM plugins (fresh runtime: workers started, modules
 * validated, compiled and instantiated) and the RSS each loaded plugin adds.
 * Goals: ≤ 1 s for 100; ≤ 2 MB per plugin.
 */
import { runBenchmark } from "@holomush/bench-kit";
import type { PluginInstance } from "../src/plugins/runtime.js";
import { createWasmRuntime } from "../src/runtimes/wasm/wasm-runtime.js";
import { delivery, echoContext, events } from "./wasm-bench-support.js";

const PLUGINS = 100;

async function loadMany(count: number) {
  // Packed on the shared workers: the figure for many small plugins (bench/wasm-isolation.bench.ts
  // measures the default, one worker per plugin).
  const runtime = createWasmRuntime({ placement: "shared" });
  const instances: PluginInstance[] = [];
  for (let i = 0; i < count; i++) instances.push(await runtime.load(echoContext(`echo-${i}`)));
  return { runtime, instances };
}

export async function run(): Promise<void> {
  const rss = await measureRss();
  await runBenchmark({
    name: "wasm-cold-start",
    unit: "ms",
    subject: {
      name: `load ${PLUGINS} echo-bot plugins on a fresh runtime`,
      fn: async () => (await loadMany(PLUGINS)).runtime.close(),
    },
    iterations: 5,
    time: 1,
    goal: { description: `${PLUGINS} plugins loaded in ≤ 1000 ms`, met: (result) => result.median <= 1000 },
    extra: { rssPerPluginMB: rss, rssGoal: "≤ 2 MB per loaded plugin", rssGoalMet: rss <= 2 },
  });
}

/** RSS added per plugin, with each plugin having handled one event (MB). */
async function measureRss(): Promise<number> {
  const warm = await loadMany(4);
  await warm.runtime.close();
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  const { runtime, instances } = await loadMany(PLUGINS);
  await Promise.all(instances.map((instance) => instance.handleEvent(events[0]!, delivery())));
  globalThis.gc?.();
  const after = process.memoryUsage().rss;
  await runtime.close();
  const perPlugin = (after - before) / PLUGINS / 1024 / 1024;
  console.log(`  RSS per loaded plugin: ${perPlugin.toFixed(2)} MB (${PLUGINS} plugins, workers included)`);
  return Number(perPlugin.toFixed(3));
}
