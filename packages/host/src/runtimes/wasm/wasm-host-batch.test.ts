/**
 * Batched delivery to WASM plugins through the REAL host: while a plugin is
 * busy, the events queued behind it reach its worker as one batch, yet the
 * guest sees them one at a time, in order, each with its own timeout.
 *
 * The runtime is wrapped so the test can hold the first (single) delivery
 * until a burst is queued, which makes the batches deterministic, and can
 * see which events went together.
 */
import type { Event } from "@holomush/proto";
import { afterEach, describe, expect, it } from "vitest";
import { deferred } from "../../events/__fixtures__/bus-fixtures.js";
import type { PluginRuntime } from "../../plugins/runtime.js";
import { MARKERS, scriptedGuest } from "./__fixtures__/host-guests.js";
import {
  answeredId,
  failureCodes,
  type Harness,
  publishedId,
  record,
  say,
  startWasmHost,
} from "./__fixtures__/wasm-host-harness.js";

const BURST = 200;
const LOOP_TIMEOUT_MS = 600;

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const message = (event: Event) => (JSON.parse(event.payload) as { message?: string }).message;

/** Holds each instance's first single delivery until `release`; logs every call's event ids. */
function holdingRuntime() {
  const gate = deferred();
  const calls: Array<string | string[]> = [];
  const wrap = (inner: PluginRuntime): PluginRuntime => ({
    type: inner.type,
    async load(context) {
      const instance = await inner.load(context);
      const handleEvent = instance.handleEvent.bind(instance);
      const handleEventBatch = instance.handleEventBatch?.bind(instance);
      let first = true;
      instance.handleEvent = async (event, options) => {
        calls.push(event.id);
        if (first) {
          first = false;
          await gate.promise;
        }
        return handleEvent(event, options);
      };
      if (handleEventBatch) {
        instance.handleEventBatch = (events, options) => {
          calls.push(events.map((event) => event.id));
          return handleEventBatch(events, options);
        };
      }
      return instance;
    },
    ...(inner.close ? { close: () => inner.close?.() ?? Promise.resolve() } : {}),
  });
  return { wrap, calls, release: () => gate.resolve() };
}

const scripted = (name: string) => ({
  name,
  version: "1.0.0",
  events: [{ stream: "location:square", types: ["say"] }],
  emits: ["reply"],
  delivery: { "timeout-ms": LOOP_TIMEOUT_MS },
  "wasm-plugin": { "timeout-ms": LOOP_TIMEOUT_MS },
});

describe("WASM plugins through the host: batched delivery", () => {
  it(`echoes a burst of ${BURST} says, batched, all in order`, async () => {
    const held = holdingRuntime();
    harness = await startWasmHost(({ paths }) => void paths.addExample("echo-bot"), { workers: 1, wrap: held.wrap });
    const { host, report } = harness;
    expect(report.failed).toEqual([]);
    const echoes = record(host, "location:*", "echo-bot");

    const ids: string[] = [];
    for (let i = 0; i < BURST; i++) ids.push(publishedId(await say(host, `message ${i}`)));
    held.release();
    await host.bus.idle();

    expect(echoes.map(message)).toEqual(Array.from({ length: BURST }, (_, i) => `Echo: message ${i}`));
    // The first went alone (nothing waited yet); the other 199 in batches of at most 32.
    expect(held.calls[0]).toBe(ids[0]);
    const batches = held.calls.slice(1).map((call) => (Array.isArray(call) ? call.length : 1));
    expect(batches).toEqual([32, 32, 32, 32, 32, 32, 7]);
    expect(held.calls.flat()).toEqual(ids);
    expect(host.bus.stats()["echo-bot"]).toMatchObject({ delivered: BURST, errors: 0, timeouts: 0, drops: 0 });
  });

  it("skips only a looping event in the middle of a batch: those before keep their answers, those after run on the fresh instance", async () => {
    const held = holdingRuntime();
    const bytes = await scriptedGuest();
    harness = await startWasmHost(({ paths }) => void paths.addWasm(scripted("looper"), bytes), {
      workers: 1,
      wrap: held.wrap,
    });
    const { host, report } = harness;
    expect(report.failed).toEqual([]);
    const answers = record(host, "reply:*", "looper");

    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(publishedId(await say(host, i === 10 ? MARKERS.loop : `say ${i}`)));
    const looping = ids[10] as string;
    held.release();
    await host.bus.idle();

    // ids[1..19] went as ONE batch, the looping event in its middle.
    expect(held.calls).toEqual([ids[0], ids.slice(1)]);
    expect(answers.map(answeredId)).toEqual(ids.filter((id) => id !== looping));
    expect(host.bus.stats().looper).toMatchObject({ delivered: 19, timeouts: 1, errors: 0, drops: 0 });
    // Only the overrunning call failed; no neighbour was failed by the restart.
    expect(failureCodes(harness.logs, "looper")).toEqual({});
    expect(host.plugins.get("looper")?.instance.metrics?.()).toMatchObject({ timeouts: 1, restarts: 1, failures: 0 });
    expect(host.plugins.get("looper")?.state).toBe("running");
  });
});
