/**
 * The Go and Python SDKs against the TypeScript one, same runtime, same run:
 * examples/go-echo and examples/py-echo (built by `pnpm build`) and the TS
 * echo fixture on @holomush/plugin-sdk, each answering a `say` with an echo.
 * 1. sdk-<lang>-roundtrip: one event to the plugin and its outcome back
 *    (p50), baseline the TS plugin.
 * 2. sdk-<lang>-throughput: a batch of 800 events with 256 in flight on the
 *    plugin's stream, baseline the TS plugin; events/s printed.
 * No goal: these are figures to compare, not gates.
 */
import { join } from "node:path";
import { runBenchmark } from "@holomush/bench-kit";
import { loadManifest } from "../src/manifest/parse-manifest.js";
import type { PluginInstance } from "../src/plugins/runtime.js";
import {
  callOptions,
  createFixtureRuntime,
  echoManifest,
  emptyConfig,
  fixtureEvent,
} from "../src/runtimes/process/__fixtures__/test-host.js";

const examples = join(import.meta.dirname, "..", "..", "..", "examples");
const event = fixtureEvent({ message: "Hello there, how are you today?" });
const delivery = () => ({ cancellable: false, deadlineMs: Date.now() + 5000, signal: new AbortController().signal });
const send = (instance: PluginInstance) => instance.handleEvent(event, delivery());

async function pipeline(instance: PluginInstance, count: number, depth: number): Promise<void> {
  let sent = 0;
  const worker = async () => {
    while (sent < count) {
      sent++;
      await send(instance);
    }
  };
  await Promise.all(Array.from({ length: depth }, worker));
}

export async function run(): Promise<void> {
  const fixture = createFixtureRuntime({ health: { intervalMs: 0 } });
  const load = async (dir: string | undefined) => {
    const source = dir ? (await loadManifest(join(dir, "plugin.yaml"))).source : echoManifest("bench-ts");
    if (!source) throw new Error(`${dir}: manifest invalid`);
    const { instance } = await fixture.load(source);
    await instance.init?.(emptyConfig(), callOptions());
    const outcome = await send(instance);
    if (!outcome?.events?.length) throw new Error(`${source.manifest.name} did not echo`);
    return instance;
  };
  try {
    const ts = await load(undefined);
    const perBatch = 800;
    const rate = (microseconds: number) => (perBatch * 1e6) / microseconds;
    for (const [language, dir] of [
      ["go", join(examples, "go-echo")],
      ["python", join(examples, "py-echo")],
    ] as const) {
      const plugin = await load(dir);
      const roundtrip = await runBenchmark({
        name: `sdk-${language}-roundtrip`,
        subject: { name: `one event to the ${language} plugin and back`, fn: () => send(plugin) },
        baseline: { name: "one event to the TypeScript plugin and back", fn: () => send(ts) },
        iterations: 1000,
        rounds: 4,
      });
      const throughput = await runBenchmark({
        name: `sdk-${language}-throughput`,
        subject: { name: `${language} plugin, 256 calls in flight`, fn: () => pipeline(plugin, perBatch, 256) },
        baseline: { name: "TypeScript plugin, 256 calls in flight", fn: () => pipeline(ts, perBatch, 256) },
        iterations: 20,
        time: 3000,
        rounds: 2,
        extra: { eventsPerBatch: perBatch },
      });
      console.log(
        `  ${language}: round trip p50 ${roundtrip.median.toFixed(0)} µs (TS ${roundtrip.baselineMedian?.toFixed(0)} µs); ` +
          `events/s ${rate(throughput.median).toFixed(0)} (TS ${rate(throughput.baselineMedian ?? 1).toFixed(0)})`,
      );
    }
  } finally {
    await fixture.runtime.close();
  }
}
