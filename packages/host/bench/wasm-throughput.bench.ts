/**
 * Events/s through the WASM runtime (main thread → worker → in-thread Extism
 * → outcome parsed) to the echo-bot, against calling the same module's
 * handle_event with plugin.call in a loop in this thread. Same events, same
 * run. Goal: ≥ 2/3 of the raw throughput (pipelined: 100 events in flight).
 */
import { createPlugin } from "@extism/extism";
import { runBenchmark } from "@holomush/bench-kit";
import { createWasmRuntime } from "../src/runtimes/wasm/wasm-runtime.js";
import { delivery, echoBytes, echoContext, encodedEvents, events } from "./wasm-bench-support.js";

export async function run(): Promise<void> {
  const runtime = createWasmRuntime({ workers: 1 });
  const instance = await runtime.load(echoContext());
  const raw = await createPlugin(
    { wasm: [{ data: echoBytes() }] },
    { functions: { "extism:host/user": { log: () => 0n } } },
  );
  try {
    const pipelined = await runBenchmark({
      name: "wasm-throughput",
      unit: "µs",
      subject: {
        name: "runtime: 100 events in flight (worker, batched)",
        fn: () => Promise.all(events.map((event) => instance.handleEvent(event, delivery()))),
      },
      baseline: {
        name: "raw: plugin.call in-thread x100",
        fn: async () => {
          for (const input of encodedEvents) (await raw.call("handle_event", input))?.text();
        },
      },
      iterations: 200,
      goal: {
        description: "runtime throughput ≥ 2/3 of raw in-thread plugin.call (ratio ≤ 1.5)",
        met: (result) => (result.ratio ?? Number.POSITIVE_INFINITY) <= 1.5,
      },
      extra: {
        eventsPerSecond: "1e8 / median (µs per 100 events)",
      },
    });
    console.log(
      `  events/s: runtime ${(1e8 / pipelined.median).toFixed(0)}, raw ${(1e8 / (pipelined.baselineMedian ?? 1)).toFixed(0)}`,
    );
    await runBenchmark({
      name: "wasm-latency",
      unit: "µs",
      subject: { name: "runtime: one event, awaited", fn: () => instance.handleEvent(events[0]!, delivery()) },
      baseline: {
        name: "raw: one plugin.call in-thread",
        fn: async () => (await raw.call("handle_event", encodedEvents[0]))?.text(),
      },
    });
  } finally {
    await raw.close();
    await runtime.close();
  }
}
