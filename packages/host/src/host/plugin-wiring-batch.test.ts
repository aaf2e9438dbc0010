/**
 * A plugin's batch delivery rides the serialized caller's guarded path when
 * the bus offers onGiveUp (as a single event does): the bus's options reach
 * the instance as they are, their lazy signal unread, and a batch the bus
 * gave up on while it waited for its turn is skipped, never run.
 * A unit test of the wiring: the instance and the bus are stand-ins.
 */
import { create } from "@bufbuild/protobuf";
import { type Event, EventSchema } from "@holomush/proto";
import { describe, expect, it } from "vitest";
import type { BusSubscriber, EventBus } from "../events/event-bus.js";
import type { RunningPlugin } from "../plugins/running-plugin.js";
import type { BatchDeliveryOptions, BatchItemResult, PluginInstance } from "../plugins/runtime.js";
import { createSerializedCaller } from "../plugins/serialized-calls.js";
import { createPluginWiring } from "./plugin-wiring.js";

function wire() {
  const batches: Array<{ events: Event[]; options: BatchDeliveryOptions }> = [];
  const instance = {
    handleEvent: async () => undefined,
    handleEventBatch: async (events: Event[], options: BatchDeliveryOptions): Promise<BatchItemResult[]> => {
      batches.push({ events, options });
      return events.map(() => ({ ok: true, outcome: undefined }));
    },
  } as unknown as PluginInstance;
  const calls = createSerializedCaller("batcher");
  const plugin = {
    source: {
      file: "plugin.yaml",
      manifest: {
        name: "batcher",
        type: "wasm",
        priority: 0,
        events: [],
        emits: [],
        commands: [],
        delivery: { timeoutMs: 1000, queueSize: 16, overflow: "drop-oldest" },
      },
    },
    instance,
    calls,
    loadOrder: 0,
  } as unknown as RunningPlugin;
  let subscriber: BusSubscriber | undefined;
  const bus = { addSubscriber: (added: BusSubscriber) => (subscriber = added) } as unknown as EventBus;
  const wiring = createPluginWiring({
    bus,
    commands: { register() {}, unregister() {} } as never,
    services: { unregisterOwner() {} } as never,
  });
  return { wiring, plugin, calls, batches, subscriber: () => subscriber as BusSubscriber };
}

function busBatchOptions() {
  const listeners: Array<(reason: unknown) => void> = [];
  const state = { signalReads: 0 };
  const options: BatchDeliveryOptions = {
    timeoutMs: 1000,
    deadlineMs: Date.now() + 2000,
    get signal() {
      state.signalReads++;
      return new AbortController().signal;
    },
    onGiveUp(listener) {
      listeners.push(listener);
    },
  };
  const giveUp = (reason: unknown) => {
    for (const listener of listeners) listener(reason);
  };
  return { options, state, giveUp };
}

const events = [create(EventSchema, { id: "e1", type: "say" }), create(EventSchema, { id: "e2", type: "say" })];

describe("plugin wiring: batch delivery", () => {
  it("hands the bus's options to the instance as they are, without reading the signal", async () => {
    const { wiring, plugin, batches, subscriber } = wire();
    await wiring.attach(plugin);
    const { options, state } = busBatchOptions();
    const answers = await subscriber().deliverBatch?.(events, options);
    expect(answers).toHaveLength(2);
    expect(batches).toHaveLength(1);
    expect(batches[0]?.options).toBe(options);
    expect(state.signalReads).toBe(0);
  });

  it("skips a batch the bus gave up on while it waited behind another call", async () => {
    const { wiring, plugin, calls, batches, subscriber } = wire();
    await wiring.attach(plugin);
    let release: (() => void) | undefined;
    const command = calls.call("command", 5000, () => new Promise<void>((resolve) => (release = resolve)));
    await Promise.resolve();
    const { options, giveUp } = busBatchOptions();
    const waiting = subscriber()
      .deliverBatch?.(events, options)
      .catch((error: unknown) => error);
    const reason = new Error("the bus gave up");
    giveUp(reason);
    release?.();
    await command;
    const error = await waiting;
    expect((error as Error).message).toContain("abandoned");
    expect(batches).toHaveLength(0);
  });
});
