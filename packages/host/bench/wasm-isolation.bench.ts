/**
 * What WASM isolation costs: the same 20 echo-bot plugins on one worker
 * thread each (`dedicated`, the default: a looping guest costs nobody else
 * an event or state) and packed on the shared workers (`shared`: ~1 MB per
 * plugin, but a guest's overrun stalls and re-creates its neighbours).
 * Reported: events/s with every plugin busy (100 events each in flight),
 * RSS and load time per plugin. docs/wasm-abi.md "Isolation" quotes it.
 */
import { runBenchmark } from "@holomush/bench-kit";
import type { PluginInstance } from "../src/plugins/runtime.js";
import { createWasmRuntime, type WasmRuntimeOptions } from "../src/runtimes/wasm/wasm-runtime.js";
import { delivery, echoContext, events } from "./wasm-bench-support.js";

const PLUGINS = 20;
type Placement = NonNullable<WasmRuntimeOptions["placement"]>;

async function loadMany(placement: Placement) {
  const runtime = createWasmRuntime({ placement });
  const instances: PluginInstance[] = [];
  const started = performance.now();
  for (let i = 0; i < PLUGINS; i++) instances.push(await runtime.load(echoContext(`echo-${i}`)));
  const loadMsPerPlugin = (performance.now() - started) / PLUGINS;
  return { runtime, instances, loadMsPerPlugin };
}

/** RSS each loaded plugin adds (MB), each having handled one event; and its load time. */
async function footprint(placement: Placement) {
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  const loaded = await loadMany(placement);
  await Promise.all(loaded.instances.map((instance) => instance.handleEvent(events[0]!, delivery())));
  globalThis.gc?.();
  const rssMB = (process.memoryUsage().rss - before) / PLUGINS / 1024 / 1024;
  await loaded.runtime.close();
  return { rssMB: Number(rssMB.toFixed(2)), loadMs: Number(loaded.loadMsPerPlugin.toFixed(1)) };
}

const allBusy = (instances: PluginInstance[]) => () =>
  Promise.all(instances.flatMap((instance) => events.map((event) => instance.handleEvent(event, delivery()))));

export async function run(): Promise<void> {
  // Warm the module cache and the worker code once, off the books.
  await (await loadMany("shared")).runtime.close();
  const shared = await footprint("shared");
  const dedicated = await footprint("dedicated");
  console.log(`  RSS per plugin: dedicated ${dedicated.rssMB} MB, shared ${shared.rssMB} MB`);
  console.log(`  load per plugin: dedicated ${dedicated.loadMs} ms, shared ${shared.loadMs} ms`);
  const one = await loadMany("dedicated");
  const many = await loadMany("shared");
  try {
    const result = await runBenchmark({
      name: "wasm-isolation",
      unit: "ms",
      subject: { name: `dedicated: ${PLUGINS} plugins × 100 events in flight`, fn: allBusy(one.instances) },
      baseline: { name: `shared: ${PLUGINS} plugins × 100 events in flight`, fn: allBusy(many.instances) },
      iterations: 20,
      time: 3000,
      rounds: 4,
      extra: {
        plugins: PLUGINS,
        rssPerPluginMB: { dedicated: dedicated.rssMB, shared: shared.rssMB },
        loadMsPerPlugin: { dedicated: dedicated.loadMs, shared: shared.loadMs },
        eventsPerSecond: `${PLUGINS * 100} × 1000 / median (ms)`,
      },
    });
    const rate = (ms: number | undefined) => ((PLUGINS * 100 * 1000) / (ms ?? Number.NaN)).toFixed(0);
    console.log(`  events/s: dedicated ${rate(result.median)}, shared ${rate(result.baselineMedian)}`);
  } finally {
    await one.runtime.close();
    await many.runtime.close();
  }
}
