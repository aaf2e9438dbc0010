/**
 * A bounded per-plugin delivery queue. One item is delivered at a time, in
 * order, so a plugin instance is never called concurrently (docs/architecture.md). Each
 * delivery has a timeout: when it fires, the AbortSignal handed to `deliver`
 * is aborted, the item is skipped (never retried) and the queue moves on at
 * once, even if the plugin's promise never settles.
 *
 * Batching (optional `batch`): when the item at the head and the one behind
 * it are both batchable, up to `maxItems` consecutive batchable items go to
 * the plugin in ONE call. Still one call at a time, still in order; the
 * plugin enforces the per-item timeout itself and answers per item, and each
 * item is counted exactly as a single delivery would be (delivered / error /
 * timeout, callbacks, latency). The queue's own guard for a batch is
 * items × timeoutMs: if the plugin never answers, every item of the batch
 * counts as timed out. Items with their own deadline (EnqueueOptions) are
 * never batched. A lone item takes the single path, so an idle plugin's
 * latency does not change.
 *
 * Pipelining (optional `batch.maxInFlight` > 1, for a plugin that runs its
 * batches in call order itself, like the WASM worker): while a batch runs,
 * the next batch (even of one item) is handed over too, so the plugin starts
 * it as soon as the first is done instead of waiting for the host to see the
 * first one's answers. Answers are still counted batch by batch, in order; a
 * single (non-batchable) item waits until no batch is in flight. A pipelined
 * batch's guard also covers the items in flight ahead of it.
 *
 * When the queue is full, `drop` refuses the NEW item (counted, logged as a
 * warning; Dragonfly's behaviour) and `block` holds the publisher: enqueue
 * returns a promise that resolves once the item has a place (back-pressure).
 */
import { createBoundedQueue } from "./bounded-queue.js";
import { createDeliveryPump } from "./delivery-pump.js";
import type { DeliveryQueue, DeliveryQueueOptions, DeliveryStats, EnqueueOptions } from "./delivery-queue-types.js";
import { createDeliveryRunner } from "./delivery-runner.js";

export type {
  BatchContext,
  BatchDelivery,
  BatchItemOutcome,
  DeliveryContext,
  DeliveryQueue,
  DeliveryQueueOptions,
  DeliveryStats,
  EnqueueOptions,
} from "./delivery-queue-types.js";

const DROP_LOG_INTERVAL_MS = 1000;

export function createDeliveryQueue<I, R>(options: DeliveryQueueOptions<I, R>): DeliveryQueue<I> {
  const { name, logger } = options;
  const now = options.now ?? Date.now;
  const stats: DeliveryStats = { delivered: 0, errors: 0, timeouts: 0, drops: 0 };
  let closed = false;
  let lastDropLog = Number.NEGATIVE_INFINITY;

  const callbackThrew = (what: string, error: unknown) =>
    logger.error({ err: error, queue: name }, `delivery queue ${what} callback threw`);
  const safely = (what: string, fn: () => void) => {
    try {
      fn();
    } catch (error) {
      callbackThrew(what, error);
    }
  };
  const queue = createBoundedQueue<I>(options.size, () => {
    const onDepth = options.onDepth;
    if (onDepth) safely("onDepth", () => onDepth(queue.depth));
  });
  const runner = createDeliveryRunner(options, stats, safely, callbackThrew);
  const pump = createDeliveryPump(queue, runner, options.batch);

  function enqueue(item: I, enqueueOptions: EnqueueOptions = {}): boolean | Promise<boolean> {
    if (closed) return false;
    const offered = queue.offer({ item, deadlineMs: enqueueOptions.deadlineMs }, options.overflow === "block");
    if (offered === true) {
      pump.arrived();
      return true;
    }
    if (offered !== "full") return offered;
    stats.drops++;
    const at = now();
    if (at - lastDropLog >= DROP_LOG_INTERVAL_MS) {
      lastDropLog = at;
      const capacity = Math.max(1, options.size);
      logger.warn({ queue: name, capacity, drops: stats.drops }, `delivery queue for ${name} is full: event dropped`);
    }
    const onDrop = options.onDrop;
    if (onDrop) safely("onDrop", () => onDrop(item));
    return false;
  }

  async function close(closeOptions: { drain?: boolean } = {}): Promise<void> {
    closed = true;
    for (const slot of queue.releaseBlocked()) runner.discarded(slot.item);
    if (closeOptions.drain ?? true) return pump.idle();
    for (const slot of queue.clear()) runner.discarded(slot.item);
    runner.stopAll();
    return pump.idle();
  }

  return {
    name,
    get depth() {
      return queue.depth;
    },
    get busy() {
      return pump.running || queue.depth > 0;
    },
    enqueue,
    idle: () => pump.idle(),
    stats: () => ({ ...stats }),
    close,
  };
}
