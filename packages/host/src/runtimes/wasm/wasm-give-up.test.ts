/**
 * The WASM runtime learns that the host gave up on an event through
 * `onGiveUp`, never by reading `signal` (the delivery guard builds its
 * AbortController on first read: a cost on every event otherwise), and
 * still skips a job the host gave up on before it was sent to the worker.
 */
import { afterEach, describe, expect, it } from "vitest";
import { HostErrorCode, isHostError } from "../../errors.js";
import type { BatchDeliveryOptions, DeliveryOptions } from "../../plugins/runtime.js";
import { exampleWasm } from "./__fixtures__/examples.js";
import { createWorld, loadContext, manifestFor, sayEvent } from "./__fixtures__/memory-host.js";
import { giveUpFlag } from "./give-up-flag.js";
import { createWasmRuntime, type WasmRuntime } from "./wasm-runtime.js";

let runtime: WasmRuntime | undefined;
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
});

async function loadEchoBot() {
  runtime = createWasmRuntime({ workers: 1 });
  return runtime.load(
    loadContext(createWorld(), manifestFor("echo-bot", { timeoutMs: 5000 }), exampleWasm("echo-bot")),
  );
}

/** Delivery options as the bus hands them over; `signal` counts its reads, `giveUp` fires the listeners. */
function busOptions() {
  const listeners: Array<(reason: unknown) => void> = [];
  const state = { signalReads: 0 };
  const controller = new AbortController();
  const options = {
    cancellable: false,
    deadlineMs: Date.now() + 5000,
    get signal() {
      state.signalReads++;
      return controller.signal;
    },
    onGiveUp(listener: (reason: unknown) => void) {
      listeners.push(listener);
    },
  } satisfies DeliveryOptions;
  const giveUp = () => {
    for (const listener of listeners) listener(new Error("host gave up"));
  };
  return { options, state, giveUp };
}

describe("giveUpFlag", () => {
  it("is the signal itself when the host offers no onGiveUp", () => {
    const controller = new AbortController();
    const flag = giveUpFlag({ signal: controller.signal });
    expect(flag.aborted).toBe(false);
    controller.abort();
    expect(flag.aborted).toBe(true);
  });

  it("turns true when the host's give-up listener runs, without reading signal", () => {
    const { options, state, giveUp } = busOptions();
    const flag = giveUpFlag(options);
    expect(flag.aborted).toBe(false);
    giveUp();
    expect(flag.aborted).toBe(true);
    expect(state.signalReads).toBe(0);
  });
});

describe("WASM delivery and the host's give-up", () => {
  it("delivers an event without reading its signal", async () => {
    const instance = await loadEchoBot();
    const { options, state } = busOptions();
    const outcome = await instance.handleEvent(sayEvent("e1", "hello"), options);
    expect(outcome?.events?.[0]?.payload).toContain("Echo: hello");
    expect(state.signalReads).toBe(0);
  });

  it("delivers a batch without reading its signal", async () => {
    const instance = await loadEchoBot();
    const { options, state } = busOptions();
    const events = [sayEvent("e1", "one"), sayEvent("e2", "two")];
    // Not a spread: that would read the getter.
    const batchOptions: BatchDeliveryOptions = Object.defineProperties(
      { timeoutMs: 5000 } as BatchDeliveryOptions,
      Object.getOwnPropertyDescriptors(options),
    );
    const answers = await instance.handleEventBatch?.(events, batchOptions);
    expect(answers?.map((answer) => answer.ok && answer.outcome?.events?.[0]?.payload)).toEqual([
      expect.stringContaining("Echo: one"),
      expect.stringContaining("Echo: two"),
    ]);
    expect(state.signalReads).toBe(0);
  });

  it("skips an event the host gave up on before it was sent, then delivers the next", async () => {
    const instance = await loadEchoBot();
    const first = busOptions();
    // Submitted now, sent to the worker at the end of this turn: given up in between.
    const skipped = instance.handleEvent(sayEvent("e1", "too late"), first.options);
    first.giveUp();
    const error = await skipped.catch((caught: unknown) => caught);
    expect(isHostError(error, HostErrorCode.PLUGIN_TIMEOUT)).toBe(true);
    expect(String((error as Error).message)).toContain("before the call started");
    const next = await instance.handleEvent(sayEvent("e2", "on time"), busOptions().options);
    expect(next?.events?.[0]?.payload).toContain("Echo: on time");
    expect(instance.metrics?.().failures).toBe(0);
  });
});
