import { describe, expect, it } from "vitest";
import { HostError, HostErrorCode } from "../errors.js";
import { deferred, silentLogger } from "./__fixtures__/bus-fixtures.js";
import { createDeliveryQueue, type DeliveryContext, type DeliveryQueueOptions } from "./delivery-queue.js";

type Options = Partial<DeliveryQueueOptions<number, number>>;

/** A queue that records deliveries; `gate` (when given) holds every delivery until released. */
function recordingQueue(options: Options & { gate?: Promise<void> } = {}) {
  const delivered: number[] = [];
  const started: number[] = [];
  const events: string[] = [];
  const { gate, ...rest } = options;
  const queue = createDeliveryQueue<number, number>({
    name: "test",
    size: 4,
    overflow: "drop",
    timeoutMs: 5000,
    logger: silentLogger,
    deliver: async (item) => {
      started.push(item);
      if (gate) await gate;
      delivered.push(item);
      return item * 10;
    },
    onResult: (item, result) => events.push(`result ${item}=${result}`),
    onDrop: (item) => events.push(`drop ${item}`),
    onTimeout: (item) => events.push(`timeout ${item}`),
    onError: (item) => events.push(`error ${item}`),
    ...rest,
  });
  return { queue, delivered, started, events };
}

/** Lets queued microtasks (the pump start) run. */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("createDeliveryQueue", () => {
  it("delivers 1,000 items one at a time, in order", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const delivered: number[] = [];
    const queue = createDeliveryQueue<number, void>({
      name: "order",
      size: 1000,
      overflow: "drop",
      timeoutMs: 5000,
      logger: silentLogger,
      deliver: async (item) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await Promise.resolve();
        delivered.push(item);
        inFlight--;
      },
    });
    for (let i = 0; i < 1000; i++) expect(queue.enqueue(i)).toBe(true);
    await queue.idle();
    expect(delivered).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(maxInFlight).toBe(1);
    expect(queue.stats()).toEqual({ delivered: 1000, errors: 0, timeouts: 0, drops: 0 });
  });

  it("drops the NEW item when full under `drop`, keeping the order of the rest", async () => {
    const gate = deferred();
    const { queue, delivered, events } = recordingQueue({ size: 3, overflow: "drop", gate: gate.promise });
    expect(queue.enqueue(0)).toBe(true);
    await tick(); // 0 is now in flight; 3 places remain
    const accepted = [1, 2, 3, 4, 5, 6].map((item) => queue.enqueue(item));
    expect(accepted).toEqual([true, true, true, false, false, false]);
    expect(queue.depth).toBe(3);
    gate.resolve();
    await queue.idle();
    expect(delivered).toEqual([0, 1, 2, 3]);
    expect(queue.stats().drops).toBe(3);
    expect(events.filter((line) => line.startsWith("drop"))).toEqual(["drop 4", "drop 5", "drop 6"]);
    expect(queue.enqueue(7)).toBe(true); // room again
    await queue.idle();
    expect(delivered.at(-1)).toBe(7);
  });

  it("holds publishers under `block` until there is room, losing nothing", async () => {
    const gate = deferred();
    const { queue, delivered } = recordingQueue({ size: 2, overflow: "block", gate: gate.promise });
    expect(queue.enqueue(0)).toBe(true);
    await tick();
    expect(queue.enqueue(1)).toBe(true);
    expect(queue.enqueue(2)).toBe(true);
    const third = queue.enqueue(3);
    const fourth = queue.enqueue(4);
    expect(third).toBeInstanceOf(Promise);
    expect(fourth).toBeInstanceOf(Promise);
    let thirdQueued = false;
    void (third as Promise<boolean>).then(() => {
      thirdQueued = true;
    });
    await tick();
    expect(thirdQueued).toBe(false); // the publisher is still waiting
    gate.resolve();
    await expect(third).resolves.toBe(true);
    await expect(fourth).resolves.toBe(true);
    await queue.idle();
    expect(delivered).toEqual([0, 1, 2, 3, 4]);
    expect(queue.stats()).toMatchObject({ delivered: 5, drops: 0 });
  });

  it("times out a delivery, aborts its signal, skips it and moves on even if it never settles", async () => {
    const signals: AbortSignal[] = [];
    const delivered: number[] = [];
    const calls: number[] = [];
    const timeouts: number[] = [];
    const queue = createDeliveryQueue<number, void>({
      name: "slow",
      size: 8,
      overflow: "drop",
      timeoutMs: 40,
      logger: silentLogger,
      deliver: (item, context: DeliveryContext) => {
        calls.push(item);
        signals.push(context.signal);
        if (item === 1) return new Promise<void>(() => undefined); // never settles
        delivered.push(item);
        return Promise.resolve();
      },
      onTimeout: (item) => timeouts.push(item),
    });
    for (const item of [0, 1, 2, 3]) queue.enqueue(item);
    await queue.idle();
    expect(delivered).toEqual([0, 2, 3]);
    expect(calls).toEqual([0, 1, 2, 3]); // 1 was not retried
    expect(timeouts).toEqual([1]);
    expect(signals[1]?.aborted).toBe(true);
    expect(signals[0]?.aborted).toBe(false);
    expect(queue.stats()).toEqual({ delivered: 3, errors: 0, timeouts: 1, drops: 0 });
  });

  it("counts throwing and rejecting deliveries and keeps delivering", async () => {
    const errors: number[] = [];
    const delivered: number[] = [];
    const queue = createDeliveryQueue<number, void>({
      name: "faulty",
      size: 8,
      overflow: "drop",
      timeoutMs: 5000,
      logger: silentLogger,
      deliver: (item) => {
        if (item === 1) throw new Error("sync boom");
        if (item === 2) return Promise.reject(new Error("async boom"));
        delivered.push(item);
        return Promise.resolve();
      },
      onError: (item) => errors.push(item),
    });
    for (const item of [0, 1, 2, 3]) queue.enqueue(item);
    await queue.idle();
    expect(delivered).toEqual([0, 3]);
    expect(errors).toEqual([1, 2]);
    expect(queue.stats()).toMatchObject({ delivered: 2, errors: 2 });
  });

  it("counts a PLUGIN_TIMEOUT raised by the runtime itself as a timeout, not an error", async () => {
    const timedOut: number[] = [];
    const queue = createDeliveryQueue<number, void>({
      name: "watchdog",
      size: 8,
      overflow: "drop",
      timeoutMs: 5000,
      logger: silentLogger,
      deliver: async (item) => {
        if (item === 1) throw new HostError(HostErrorCode.PLUGIN_TIMEOUT, "guest overran its own limit");
      },
      onTimeout: (item) => timedOut.push(item),
      onError: () => {
        throw new Error("not an error");
      },
    });
    for (const item of [0, 1, 2]) queue.enqueue(item);
    await queue.idle();
    expect(timedOut).toEqual([1]);
    expect(queue.stats()).toMatchObject({ delivered: 2, errors: 0, timeouts: 1 });
  });

  it("skips an item whose own deadline passed while it waited", async () => {
    const gate = deferred();
    const { queue, delivered, events } = recordingQueue({ gate: gate.promise });
    queue.enqueue(0);
    await tick();
    queue.enqueue(1, { deadlineMs: Date.now() + 20 });
    queue.enqueue(2);
    await new Promise((resolve) => setTimeout(resolve, 60));
    gate.resolve();
    await queue.idle();
    expect(delivered).toEqual([0, 2]);
    expect(events).toContain("timeout 1");
    expect(queue.stats().timeouts).toBe(1);
  });

  it("close({ drain: true }) delivers what is queued and refuses new items", async () => {
    const { queue, delivered } = recordingQueue();
    for (const item of [0, 1, 2]) queue.enqueue(item);
    await queue.close();
    expect(delivered).toEqual([0, 1, 2]);
    expect(queue.enqueue(3)).toBe(false);
  });

  it("close({ drain: false }) discards pending items, aborts the one in flight and releases blocked publishers", async () => {
    const discarded: number[] = [];
    const signals: AbortSignal[] = [];
    const queue = createDeliveryQueue<number, void>({
      name: "closing",
      size: 1,
      overflow: "block",
      timeoutMs: 5000,
      logger: silentLogger,
      deliver: (_item, context) => {
        signals.push(context.signal);
        return new Promise<void>(() => undefined);
      },
      onDiscard: (item) => discarded.push(item),
    });
    queue.enqueue(0);
    await tick();
    queue.enqueue(1);
    const blocked = queue.enqueue(2);
    await queue.close({ drain: false });
    await expect(blocked).resolves.toBe(false);
    expect(discarded.sort()).toEqual([0, 1, 2]);
    expect(signals[0]?.aborted).toBe(true);
    expect(queue.busy).toBe(false);
  });
});
