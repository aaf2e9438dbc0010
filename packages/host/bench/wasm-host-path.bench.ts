/**
 * `wasm-host-path`: events/s through the FULL host path — host.publish of a
 * character's say → bus (ULID, history append, routing) → echo-bot's
 * delivery queue → WASM worker → outcome parsed → the echo published through
 * the emit fence and seen by a bus watcher — against calling the same
 * module's handle_event with plugin.call in a loop in this thread, on the
 * very events the host delivered. Same run.
 *
 * Throughput is the steady rate of a continuous stream: says keep being
 * published while up to WINDOW of them await their echo (below the default
 * queue size of 256, so none is dropped); one sample is the time the stream
 * takes to move 100 more events. The host still delivers them one at a time,
 * in order, to the plugin (docs/architecture.md). The `-burst` figure is reported beside
 * it: 100 says published from idle and every echo awaited, so each sample
 * also pays for filling and draining the pipeline (one event's latency).
 * Both throughput figures alternate host and raw in ROUNDS rounds and pool
 * the samples, so a stretch where the shared VM runs slow hits both sides.
 * Latency: one event, awaited.
 * Goal: the steady host path keeps ≥ 2/3 of the raw throughput (ratio ≤ 1.5).
 */
import { createPlugin } from "@extism/extism";
import { runBenchmark } from "@holomush/bench-kit";
import { ActorKind, type Event } from "@holomush/proto";
import { encodeGuestEvent } from "../src/runtimes/wasm/guest-input.js";
import { echoBytes, startEchoBotHost } from "./wasm-bench-support.js";

/** Events per throughput sample. */
const PIPELINE = 100;
/** Says awaiting their echo in the steady stream: below the default queue size of 256, so none is dropped. */
const WINDOW = 200;
/** Alternating host/raw rounds: a machine that slows down for a moment slows both sides. */
const ROUNDS = 6;

const inputs = Array.from({ length: PIPELINE }, (_, i) => ({
  stream: "location:square",
  type: "say",
  payload: JSON.stringify({ message: `message number ${i}` }),
  actorKind: ActorKind.CHARACTER,
  actorId: "char-1",
}));

export async function run(): Promise<void> {
  const { host, close } = await startEchoBotHost();
  const raw = await createPlugin(
    { wasm: [{ data: echoBytes() }] },
    { functions: { "extism:host/user": { log: () => 0n } } },
  );
  try {
    // Echo counting: `echoedAtLeast(n)` resolves once n echoes were seen in all.
    let published = 0;
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
    const echoedAtLeast = (count: number) =>
      echoed >= count
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            target = count;
            wake = resolve;
          });
    const publish = (index: number) => {
      published++;
      return host.publish(inputs[index % PIPELINE]!);
    };

    const publishAll = async () => {
      for (let index = 0; index < PIPELINE; index++) await publish(index);
      await echoedAtLeast(published);
    };
    /** 100 more says into the running stream, and 100 more echoes out of it; the stream is not drained. */
    const streamOn = async () => {
      const echoesWanted = echoed + PIPELINE;
      for (let index = 0; index < PIPELINE; index++) {
        if (published - echoed >= WINDOW) await echoedAtLeast(published - WINDOW / 2);
        await publish(index);
      }
      await echoedAtLeast(echoesWanted);
    };
    // Warm-up round; its events, as the host stored and delivered them, are the raw baseline's input.
    await publishAll();
    const encoded = delivered.map(encodeGuestEvent);
    if (encoded.length !== PIPELINE) throw new Error(`expected ${PIPELINE} delivered events, saw ${encoded.length}`);
    const check = (await raw.call("handle_event", encoded[0]))?.text() ?? "";
    if (!check.includes("Echo: message number 0")) throw new Error(`raw echo-bot answered ${check}`);

    const rawLoop = async () => {
      for (const input of encoded) (await raw.call("handle_event", input))?.text();
    };
    const rawCase = { name: `raw: plugin.call handle_event in-thread x${PIPELINE}`, fn: rawLoop };
    const throughput = await runBenchmark({
      name: "wasm-host-path-throughput",
      unit: "µs",
      subject: {
        name: `host: ${PIPELINE} more says → ${PIPELINE} more echoes, steady stream (≤ ${WINDOW} awaiting)`,
        fn: streamOn,
        // The stream drains before the raw loop runs: it must not compete with it.
        settle: () => echoedAtLeast(published),
      },
      baseline: rawCase,
      iterations: 120,
      time: 3000,
      rounds: ROUNDS,
      goal: {
        description: "steady host-path throughput ≥ 2/3 of raw in-thread plugin.call (ratio ≤ 1.5)",
        met: (result) => (result.ratio ?? Number.POSITIVE_INFINITY) <= 1.5,
      },
      extra: { eventsPerOp: PIPELINE, window: WINDOW },
    });
    const burst = await runBenchmark({
      name: "wasm-host-path-burst",
      unit: "µs",
      subject: { name: `host: publish ${PIPELINE} says from idle → all ${PIPELINE} echoes observed`, fn: publishAll },
      baseline: rawCase,
      iterations: 120,
      time: 3000,
      rounds: ROUNDS,
      extra: { eventsPerOp: PIPELINE },
    });
    const latency = await runBenchmark({
      name: "wasm-host-path-latency",
      unit: "µs",
      subject: {
        name: "host: publish one say → its echo observed",
        fn: async () => {
          await publish(0);
          await echoedAtLeast(published);
        },
      },
      baseline: {
        name: "raw: one plugin.call in-thread",
        fn: async () => (await raw.call("handle_event", encoded[0]))?.text(),
      },
    });
    const perSecond = (microsPerOp: number | undefined) => ((PIPELINE * 1e6) / (microsPerOp ?? Number.NaN)).toFixed(0);
    const keeps = (ratio: number | undefined) => `${((1 / (ratio ?? Number.NaN)) * 100).toFixed(1)}%`;
    console.log(
      `  events/s: host ${perSecond(throughput.median)} steady, ${perSecond(burst.median)} in bursts; ` +
        `raw ${perSecond(throughput.baselineMedian)} (host keeps ${keeps(throughput.ratio)} steady, ` +
        `${keeps(burst.ratio)} in bursts)`,
    );
    console.log(
      `  latency µs: host p50 ${latency.median.toFixed(1)} p99 ${latency.p99.toFixed(1)}; ` +
        `raw p50 ${latency.baselineMedian?.toFixed(1)} p99 ${latency.baselineP99?.toFixed(1)}`,
    );
  } finally {
    await raw.close();
    await close();
  }
}
