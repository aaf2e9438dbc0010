/**
 * Pipelined batches at the runtime: a second handleEventBatch made while the
 * first runs is queued behind it in the worker (each batch reports its place
 * with `queued()` at once), each batch is answered on its own, and the guest
 * still sees the events one at a time, in call order — also when an event of
 * the first batch overruns its timeout and the worker is replaced.
 */

import { Worker } from "node:worker_threads";
import type { Event } from "@holomush/proto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { HostErrorCode, isHostError } from "../../errors.js";
import type { BatchDeliveryOptions, BatchItemResult } from "../../plugins/runtime.js";
import { exampleWasm } from "./__fixtures__/examples.js";
import { MARKERS, scriptedGuest } from "./__fixtures__/host-guests.js";
import { createWorld, delivery, loadContext, manifestFor, sayEvent } from "./__fixtures__/memory-host.js";
import { createWasmRuntime, type WasmRuntime } from "./wasm-runtime.js";
import { EAGER_FLUSH_JOBS } from "./worker-handle.js";
import type { JobsMessage } from "./worker-protocol.js";

let runtime: WasmRuntime | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await runtime?.close();
  runtime = undefined;
});

function batchOptions(timeoutMs: number, placed: string[], name: string): BatchDeliveryOptions {
  return {
    timeoutMs,
    deadlineMs: Date.now() + 60_000,
    signal: new AbortController().signal,
    queued: () => placed.push(name),
  };
}

/** 26-character ids, like the host's ULIDs (the scripted guest echoes the id back). */
const id = (prefix: string, i: number) => `${prefix}${i}`.padEnd(26, "0");
const says = (prefix: string, count: number): Event[] =>
  Array.from({ length: count }, (_, i) => sayEvent(id(prefix, i), `${prefix} ${i}`));

const echoText = (result: BatchItemResult | undefined): unknown => {
  if (!result?.ok) return "failed";
  const payload = result.outcome?.events?.[0]?.payload;
  return payload === undefined ? undefined : (JSON.parse(payload) as { message?: string }).message;
};

describe("WASM runtime: pipelined batches", () => {
  it("queues a second batch behind the first and answers both, in order", async () => {
    runtime = createWasmRuntime({ workers: 1 });
    const instance = await runtime.load(
      loadContext(createWorld(), manifestFor("echo-bot", { timeoutMs: 5000 }), exampleWasm("echo-bot")),
    );
    expect(instance.pipelinedBatches).toBe(true);
    const placed: string[] = [];
    const settled: string[] = [];
    const first = instance.handleEventBatch?.(says("a", 40), batchOptions(5000, placed, "a"));
    // Placed synchronously: the host may hand the next one over at once.
    expect(placed).toEqual(["a"]);
    const second = instance.handleEventBatch?.(says("b", 40), batchOptions(5000, placed, "b"));
    expect(placed).toEqual(["a", "b"]);
    void first?.then(() => settled.push("a"));
    void second?.then(() => settled.push("b"));
    const [a, b] = await Promise.all([first, second]);
    expect(settled).toEqual(["a", "b"]);
    expect(a?.map(echoText)).toEqual(says("a", 40).map((_, i) => `Echo: a ${i}`));
    expect(b?.map(echoText)).toEqual(says("b", 40).map((_, i) => `Echo: b ${i}`));
  });

  it("skips only the overrunning event of the first batch; the second batch runs on the fresh instance", async () => {
    runtime = createWasmRuntime({ workers: 1 });
    const bytes = await scriptedGuest();
    const manifest = manifestFor("looper", { timeoutMs: 300 }, { emits: ["reply"] });
    const instance = await runtime.load(loadContext(createWorld(), manifest, bytes));
    const placed: string[] = [];
    const firstEvents = [sayEvent(id("a", 0), "a 0"), sayEvent(id("a", 1), MARKERS.loop), sayEvent(id("a", 2), "a 2")];
    const first = instance.handleEventBatch?.(firstEvents, batchOptions(300, placed, "a"));
    const second = instance.handleEventBatch?.(says("b", 3), batchOptions(300, placed, "b"));
    const [a, b] = await Promise.all([first, second]);
    expect(a?.map((result) => result.ok)).toEqual([true, false, true]);
    const failure = a?.[1];
    expect(failure?.ok === false && isHostError(failure.error) && failure.error.code).toBe(
      HostErrorCode.PLUGIN_TIMEOUT,
    );
    expect(b?.map((result) => result.ok)).toEqual([true, true, true]);
    expect(instance.metrics?.()).toMatchObject({ timeouts: 1, restarts: 1 });
  });

  it(`sends a long run submitted in one tick in slices of ${EAGER_FLUSH_JOBS}, answered in order`, async () => {
    runtime = createWasmRuntime({ workers: 1 });
    const instance = await runtime.load(
      loadContext(createWorld(), manifestFor("echo-bot", { timeoutMs: 5000 }), exampleWasm("echo-bot")),
    );
    const posted = vi.spyOn(Worker.prototype, "postMessage");
    const events = says("s", 2 * EAGER_FLUSH_JOBS + 3);
    const answers = await Promise.all(events.map((event) => instance.handleEvent(event, delivery())));
    const slices = posted.mock.calls
      .map(([message]) => message as JobsMessage)
      .filter((message) => message.type === "jobs")
      .map((message) => message.groups.flat().length);
    expect(slices).toEqual([EAGER_FLUSH_JOBS, EAGER_FLUSH_JOBS, 3]);
    expect(answers.map((outcome) => outcome?.events?.[0]?.payload)).toEqual(
      events.map((_, i) => JSON.stringify({ message: `Echo: s ${i}` })),
    );
  });
});
