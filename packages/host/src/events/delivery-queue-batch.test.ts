/**
 * Batched delivery in the queue: consecutive batchable items go in one call,
 * and every item is still counted as if it had been delivered alone.
 */
import { describe, expect, it } from "vitest";
import { HostError, HostErrorCode } from "../errors.js";
import { type Deferred, deferred, silentLogger } from "./__fixtures__/bus-fixtures.js";
import {
  type BatchContext,
  type BatchItemOutcome,
  createDeliveryQueue,
  type DeliveryQueueOptions,
} from "./delivery-queue.js";

type Answer = (item: number, index: number) => BatchItemOutcome<number> | undefined;

interface Setup extends Partial<DeliveryQueueOptions<number, number>> {
  maxItems?: number;
  /** Answer per item (default: ok, item × 10); undefined leaves it unanswered. */
  answer?: Answer;
  /** Replaces the batch call altogether. */
  batchCall?: (items: number[], context: BatchContext) => Promise<Array<BatchItemOutcome<number>>>;
}

/**
 * A queue whose FIRST delivery (always alone: nothing waits behind it yet)
 * holds until `release`, so the items enqueued meanwhile are waiting together.
 * Negative items stand for interceptions: never batchable.
 */
function batchingQueue(setup: Setup = {}) {
  const { maxItems = 32, answer = (item) => ({ ok: true, outcome: item * 10 }), batchCall, ...rest } = setup;
  const calls: Array<number | number[]> = [];
  const log: string[] = [];
  const contexts: BatchContext[] = [];
  const gate: Deferred<void> = deferred();
  let first = true;
  const queue = createDeliveryQueue<number, number>({
    name: "batching",
    size: 256,
    overflow: "drop",
    timeoutMs: 5000,
    logger: silentLogger,
    deliver: async (item) => {
      calls.push(item);
      if (first) {
        first = false;
        await gate.promise;
      }
      return item * 10;
    },
    batch: {
      maxItems,
      accepts: (item) => item >= 0,
      deliver:
        batchCall ??
        (async (items, context) => {
          calls.push([...items]);
          contexts.push(context);
          return items.flatMap((item, index) => {
            const outcome = answer(item, index);
            return outcome === undefined ? [] : [outcome];
          });
        }),
    },
    onResult: (item, result, elapsedMs) => {
      expect(elapsedMs).toBeGreaterThanOrEqual(0);
      log.push(`result ${item}=${result}`);
    },
    onError: (item) => log.push(`error ${item}`),
    onTimeout: (item) => log.push(`timeout ${item}`),
    onDiscard: (item) => log.push(`discard ${item}`),
    ...rest,
  });
  return { queue, calls, log, contexts, release: () => gate.resolve() };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe("createDeliveryQueue with batching", () => {
  it("delivers the waiting items in batches of at most maxItems, in order, counting each item", async () => {
    const { queue, calls, log, contexts, release } = batchingQueue({ maxItems: 4 });
    queue.enqueue(0);
    await tick(); // 0 is in flight, alone
    for (const item of range(1, 11)) queue.enqueue(item);
    release();
    await queue.idle();
    expect(calls).toEqual([0, [1, 2, 3, 4], [5, 6, 7, 8], [9, 10]]);
    expect(log).toEqual(range(0, 11).map((item) => `result ${item}=${item * 10}`));
    expect(queue.stats()).toEqual({ delivered: 11, errors: 0, timeouts: 0, drops: 0 });
    // The plugin times each item itself; the queue's guard covers the whole batch.
    expect(contexts[0]?.timeoutMs).toBe(5000);
    expect(contexts[0]?.signal.aborted).toBe(false);
  });

  it("sends a lone remainder through the single path", async () => {
    const { queue, calls, release } = batchingQueue({ maxItems: 2 });
    queue.enqueue(0);
    await tick();
    for (const item of [1, 2, 3]) queue.enqueue(item);
    release();
    await queue.idle();
    expect(calls).toEqual([0, [1, 2], 3]);
  });

  it("skips only the item that timed out in the middle of a batch, and keeps delivering", async () => {
    const timedOut = new HostError(HostErrorCode.PLUGIN_TIMEOUT, "item 3 overran");
    const { queue, log, release } = batchingQueue({
      answer: (item) => (item === 3 ? { ok: false, error: timedOut } : { ok: true, outcome: item * 10 }),
    });
    queue.enqueue(0);
    await tick();
    for (const item of range(1, 6)) queue.enqueue(item);
    release();
    await queue.idle();
    expect(log).toEqual(["result 0=0", "result 1=10", "result 2=20", "timeout 3", "result 4=40", "result 5=50"]);
    expect(queue.stats()).toEqual({ delivered: 5, errors: 0, timeouts: 1, drops: 0 });
    queue.enqueue(6);
    await queue.idle();
    expect(log.at(-1)).toBe("result 6=60");
  });

  it("counts a failed item as an error, an unanswered one as a timeout", async () => {
    const { queue, log, release } = batchingQueue({
      answer: (item) => {
        if (item === 2) return { ok: false, error: new Error("guest failed") };
        if (item === 4) return undefined; // the plugin answered only 1..3
        return { ok: true, outcome: item * 10 };
      },
    });
    queue.enqueue(0);
    await tick();
    for (const item of range(1, 5)) queue.enqueue(item);
    release();
    await queue.idle();
    expect(log).toEqual(["result 0=0", "result 1=10", "error 2", "result 3=30", "timeout 4"]);
    expect(queue.stats()).toEqual({ delivered: 3, errors: 1, timeouts: 1, drops: 0 });
  });

  it("counts every item of a rejected batch: PLUGIN_TIMEOUT as timeouts, anything else as errors", async () => {
    let round = 0;
    const { queue, log, release } = batchingQueue({
      batchCall: async () => {
        round++;
        if (round === 1) throw new HostError(HostErrorCode.PLUGIN_TIMEOUT, "backstop fired");
        throw new HostError(HostErrorCode.PLUGIN_UNAVAILABLE, "instance gone");
      },
    });
    queue.enqueue(0);
    await tick();
    for (const item of [1, 2]) queue.enqueue(item);
    release();
    await queue.idle();
    for (const item of [3, 4]) queue.enqueue(item);
    await queue.idle();
    expect(log).toEqual(["result 0=0", "timeout 1", "timeout 2", "error 3", "error 4"]);
    expect(queue.stats()).toEqual({ delivered: 1, errors: 2, timeouts: 2, drops: 0 });
  });

  it("times out a whole batch that never answers (guard = items × timeout), aborts it and moves on", async () => {
    let round = 0;
    const signals: AbortSignal[] = [];
    const { queue, log, calls, release } = batchingQueue({
      timeoutMs: 15,
      batchCall: (items, context) => {
        calls.push([...items]);
        signals.push(context.signal);
        if (round++ === 0) return new Promise(() => undefined); // never settles
        return Promise.resolve(items.map((item) => ({ ok: true as const, outcome: item * 10 })));
      },
    });
    queue.enqueue(0);
    await tick();
    for (const item of [1, 2, 3]) queue.enqueue(item);
    release();
    await new Promise((resolve) => setTimeout(resolve, 5));
    for (const item of [4, 5]) queue.enqueue(item);
    await queue.idle();
    expect(calls).toEqual([0, [1, 2, 3], [4, 5]]);
    expect(log).toEqual(["result 0=0", "timeout 1", "timeout 2", "timeout 3", "result 4=40", "result 5=50"]);
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[1]?.aborted).toBe(false);
    expect(queue.stats()).toEqual({ delivered: 3, errors: 0, timeouts: 3, drops: 0 });
  });

  it("never batches items it does not accept (interceptions): they keep the single path, between batches", async () => {
    const { queue, calls, log, release } = batchingQueue();
    queue.enqueue(0);
    await tick();
    for (const item of [1, 2, -3, 4, 5, -6, -7, 8]) queue.enqueue(item);
    release();
    await queue.idle();
    expect(calls).toEqual([0, [1, 2], -3, [4, 5], -6, -7, 8]);
    expect(log).toEqual([0, 1, 2, -3, 4, 5, -6, -7, 8].map((item) => `result ${item}=${item * 10}`));
  });

  it("never batches an item that carries its own deadline", async () => {
    const { queue, calls, release } = batchingQueue();
    queue.enqueue(0);
    await tick();
    queue.enqueue(1);
    queue.enqueue(2, { deadlineMs: Date.now() + 60_000 });
    queue.enqueue(3);
    queue.enqueue(4);
    release();
    await queue.idle();
    expect(calls).toEqual([0, 1, 2, [3, 4]]);
  });

  it("close({ drain: false }) discards a batch in flight and aborts it", async () => {
    const signals: AbortSignal[] = [];
    const { queue, log, release } = batchingQueue({
      batchCall: (_items, context) => {
        signals.push(context.signal);
        return new Promise(() => undefined);
      },
    });
    queue.enqueue(0);
    await tick();
    for (const item of [1, 2, 3]) queue.enqueue(item);
    release();
    await tick();
    await queue.close({ drain: false });
    expect(log).toEqual(["result 0=0", "discard 1", "discard 2", "discard 3"]);
    expect(signals[0]?.aborted).toBe(true);
    expect(queue.stats()).toMatchObject({ delivered: 1, timeouts: 0, errors: 0 });
  });

  it("delivers every item alone when maxItems is below 2", async () => {
    const { queue, calls, release } = batchingQueue({ maxItems: 1 });
    queue.enqueue(0);
    await tick();
    for (const item of [1, 2, 3]) queue.enqueue(item);
    release();
    await queue.idle();
    expect(calls).toEqual([0, 1, 2, 3]);
  });

  describe("pipelining (maxInFlight > 1)", () => {
    /** A queue whose every call waits for the test; `queued` is called only when `place` says so. */
    function pipelinedQueue(place = true) {
      const calls: Array<number | number[]> = [];
      const pending: Array<{ finish: () => void; queued?: () => void }> = [];
      const results: number[] = [];
      const queue = createDeliveryQueue<number, number>({
        name: "pipelined",
        size: 256,
        overflow: "drop",
        timeoutMs: 5000,
        logger: silentLogger,
        deliver: (item, context) =>
          new Promise<number>((resolve) => {
            calls.push(item);
            if (place) context.queued?.();
            pending.push({ finish: () => resolve(item * 10), queued: context.queued });
          }),
        batch: {
          maxItems: 4,
          maxInFlight: 2,
          accepts: (item) => item >= 0,
          deliver: (items, context) =>
            new Promise((resolve) => {
              calls.push([...items]);
              if (place) context.queued?.();
              pending.push({
                finish: () => resolve(items.map((item) => ({ ok: true as const, outcome: item * 10 }))),
                queued: context.queued,
              });
            }),
        },
        onResult: (_item, result) => results.push(result),
      });
      const settle = () => new Promise((resolve) => setImmediate(resolve));
      return { queue, calls, pending, results, settle };
    }

    it("hands the next batch over while one runs, and counts answers in order", async () => {
      const { queue, calls, pending, results, settle } = pipelinedQueue();
      queue.enqueue(1);
      await settle();
      // The lone first item goes alone, as before...
      expect(calls).toEqual([1]);
      for (let item = 2; item <= 10; item++) queue.enqueue(item);
      await settle();
      // ...but the items behind it are handed over without waiting for it: two in flight behind it at most.
      expect(calls).toEqual([1, [2, 3, 4, 5]]);
      pending.shift()?.finish();
      await settle();
      expect(calls).toEqual([1, [2, 3, 4, 5], [6, 7, 8, 9]]);
      expect(results).toEqual([10]);
      while (pending.length > 0) {
        pending.shift()?.finish();
        await settle();
      }
      await queue.idle();
      expect(calls).toEqual([1, [2, 3, 4, 5], [6, 7, 8, 9], [10]]);
      expect(results).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
      expect(queue.stats()).toMatchObject({ delivered: 10, timeouts: 0, errors: 0 });
    });

    it("hands nothing over behind a delivery the plugin has not placed in its order yet", async () => {
      const { queue, calls, pending, settle } = pipelinedQueue(false);
      queue.enqueue(1);
      await settle();
      for (let item = 2; item <= 5; item++) queue.enqueue(item);
      await settle();
      expect(calls).toEqual([1]);
      pending[0]?.queued?.();
      await settle();
      expect(calls).toEqual([1, [2, 3, 4, 5]]);
      for (const call of pending.splice(0)) call.finish();
      await queue.idle();
    });

    it("delivers an interception only once no batch is in flight", async () => {
      const { queue, calls, pending, settle } = pipelinedQueue();
      queue.enqueue(1);
      await settle();
      queue.enqueue(2);
      queue.enqueue(3);
      queue.enqueue(-1);
      await settle();
      expect(calls).toEqual([1, [2, 3]]);
      pending.shift()?.finish();
      await settle();
      expect(calls).toEqual([1, [2, 3]]);
      pending.shift()?.finish();
      await settle();
      expect(calls).toEqual([1, [2, 3], -1]);
      pending.shift()?.finish();
      await queue.idle();
    });

    it("closing without draining stops every delivery in flight", async () => {
      const discarded: number[] = [];
      const queue = createDeliveryQueue<number, number>({
        name: "pipelined",
        size: 256,
        overflow: "drop",
        timeoutMs: 5000,
        logger: silentLogger,
        deliver: (_item, context) => {
          context.queued?.();
          return new Promise<number>(() => undefined);
        },
        batch: {
          maxItems: 4,
          maxInFlight: 2,
          accepts: () => true,
          deliver: (_items, context) => {
            context.queued?.();
            return new Promise(() => undefined);
          },
        },
        onDiscard: (item) => discarded.push(item),
      });
      queue.enqueue(1);
      await new Promise((resolve) => setImmediate(resolve));
      queue.enqueue(2);
      queue.enqueue(3);
      await new Promise((resolve) => setImmediate(resolve));
      await queue.close({ drain: false });
      expect(discarded.sort()).toEqual([1, 2, 3]);
    });
  });
});
