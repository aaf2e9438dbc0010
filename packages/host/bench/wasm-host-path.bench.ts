/**
 * `wasm-host-path`: events/s through the FULL host path — host.publish of a
 * character's say → bus (ULID, history append, routing) → echo-bot's
 * delivery queue → WASM worker → outcome parsed → the echo published through
 * the emit fence and seen by a bus watcher — against calling the same
 * module's handle_event with plugin.call in a loop in this thread, on the
 * very events the host delivered. Same run.
 *
 * Throughput is pipelined: publish N events, then wait for N echoes. The
 * host still delivers them one at a time to the plugin (seed 000), so this
 * is the honest figure for one busy plugin. Latency: one event, awaited.
 * Goal: the host path keeps ≥ 2/3 of the raw throughput (ratio ≤ 1.5).
 */
import { createPlugin } from "@extism/extism";
import { runBenchmark } from "@holomush/bench-kit";
import { ActorKind, type Event } from "@holomush/proto";
import { pino } from "pino";
import { createHost } from "../src/host/create-host.js";
import { createPluginSearchPath } from "../src/runtimes/wasm/__fixtures__/plugin-dirs.js";
import { encodeGuestEvent } from "../src/runtimes/wasm/guest-input.js";
import { createWasmRuntime } from "../src/runtimes/wasm/wasm-runtime.js";
import { echoBytes } from "./wasm-bench-support.js";

/** Events in flight per throughput sample (below the default queue size of 256: no drops). */
const PIPELINE = 100;

const inputs = Array.from({ length: PIPELINE }, (_, i) => ({
  stream: "location:square",
  type: "say",
  payload: JSON.stringify({ message: `message number ${i}` }),
  actorKind: ActorKind.CHARACTER,
  actorId: "char-1",
}));

export async function run(): Promise<void> {
  const paths = createPluginSearchPath();
  paths.addExample("echo-bot");
  const host = await createHost({
    pluginDirs: [paths.root],
    runtimes: [createWasmRuntime({ workers: 1 })],
    logger: pino({ level: "silent" }),
  });
  const raw = await createPlugin(
    { wasm: [{ data: echoBytes() }] },
    { functions: { "extism:host/user": { log: () => 0n } } },
  );
  try {
    const report = await host.start();
    if (report.failed.length > 0) throw new Error(`echo-bot did not load: ${report.failed[0]?.error.message}`);

    // Echo counting: `until(n)` resolves once n more echoes were stored.
    let echoed = 0;
    let target = Number.POSITIVE_INFINITY;
    let wake: (() => void) | undefined;
    const delivered: Event[] = [];
    host.bus.watch("location:*", (event) => {
      if (event.actorKind !== ActorKind.PLUGIN) {
        if (delivered.length < PIPELINE) delivered.push(event);
        return;
      }
      if (event.actorId === "echo-bot" && ++echoed >= target) wake?.();
    });
    const until = (more: number) =>
      new Promise<void>((resolve) => {
        target = echoed + more;
        wake = resolve;
      });

    const publishAll = async () => {
      const done = until(PIPELINE);
      for (const input of inputs) await host.publish(input);
      await done;
    };
    // Warm-up round; its events, as the host stored and delivered them, are the raw baseline's input.
    await publishAll();
    const encoded = delivered.map(encodeGuestEvent);
    if (encoded.length !== PIPELINE) throw new Error(`expected ${PIPELINE} delivered events, saw ${encoded.length}`);
    const check = (await raw.call("handle_event", encoded[0]))?.text() ?? "";
    if (!check.includes("Echo: message number 0")) throw new Error(`raw echo-bot answered ${check}`);

    const throughput = await runBenchmark({
      name: "wasm-host-path-throughput",
      unit: "µs",
      subject: {
        name: `host: publish ${PIPELINE} says → ${PIPELINE} echoes observed`,
        fn: publishAll,
      },
      baseline: {
        name: `raw: plugin.call handle_event in-thread x${PIPELINE}`,
        fn: async () => {
          for (const input of encoded) (await raw.call("handle_event", input))?.text();
        },
      },
      iterations: 100,
      goal: {
        description: "host-path throughput ≥ 2/3 of raw in-thread plugin.call (ratio ≤ 1.5)",
        met: (result) => (result.ratio ?? Number.POSITIVE_INFINITY) <= 1.5,
      },
      extra: { eventsPerOp: PIPELINE },
    });
    const latency = await runBenchmark({
      name: "wasm-host-path-latency",
      unit: "µs",
      subject: {
        name: "host: publish one say → its echo observed",
        fn: async () => {
          const done = until(1);
          await host.publish(inputs[0]!);
          await done;
        },
      },
      baseline: {
        name: "raw: one plugin.call in-thread",
        fn: async () => (await raw.call("handle_event", encoded[0]))?.text(),
      },
    });
    const perSecond = (microsPerOp: number | undefined) => ((PIPELINE * 1e6) / (microsPerOp ?? Number.NaN)).toFixed(0);
    console.log(
      `  events/s: host ${perSecond(throughput.median)}, raw ${perSecond(throughput.baselineMedian)} ` +
        `(host keeps ${((1 / (throughput.ratio ?? Number.NaN)) * 100).toFixed(1)}% of raw)`,
    );
    console.log(
      `  latency µs: host p50 ${latency.median.toFixed(1)} p99 ${latency.p99.toFixed(1)}; ` +
        `raw p50 ${latency.baselineMedian?.toFixed(1)} p99 ${latency.baselineP99?.toFixed(1)}`,
    );
  } finally {
    await raw.close();
    await host.stop();
    paths.remove();
  }
}
