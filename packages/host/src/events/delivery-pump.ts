/**
 * Hands a delivery queue's items to the plugin: one call at a time, in
 * order, batching and pipelining when the queue's `batch` allows (see
 * delivery-queue.ts for the rules). It runs while items wait and stops when
 * the queue is empty and nothing is in flight.
 */
import type { BoundedQueue } from "./bounded-queue.js";
import type { BatchDelivery, Slot } from "./delivery-queue-types.js";
import type { DeliveryRunner } from "./delivery-runner.js";

export interface DeliveryPump {
  /** True from the first item until the queue is empty and nothing is in flight. */
  readonly running: boolean;
  /** An item was queued: start, or wake the pump waiting behind a pipelined batch. */
  arrived(): void;
  /** Resolves when nothing waits and nothing is in flight. */
  idle(): Promise<void>;
}

interface Flight {
  done: Promise<void>;
  settled: boolean;
  items: number;
  /** The plugin took its place in order (context.queued), or it settled. */
  placed: boolean;
  whenPlaced: Promise<void>;
}

export function createDeliveryPump<I>(
  queue: BoundedQueue<I>,
  runner: DeliveryRunner<I>,
  batch: BatchDelivery<I, unknown> | undefined,
): DeliveryPump {
  const idleWaiters: Array<() => void> = [];
  let running = false;
  /** Set while the pump waits for a pipelined batch: new items wake it. */
  let onArrival: (() => void) | undefined;
  let wakeScheduled = false;
  const maxBatch = Math.floor(batch?.maxItems ?? 1);
  const maxInFlight = Math.max(1, Math.floor(batch?.maxInFlight ?? 1));
  const pipelining = maxBatch >= 2 && maxInFlight > 1;
  const batchable = (slot: Slot<I> | undefined): slot is Slot<I> =>
    slot !== undefined && slot.deadlineMs === undefined && (batch?.accepts(slot.item) ?? false);

  function arrived(): void {
    if (!running) {
      // Start on a microtask so a plugin never runs inside the publisher's call.
      running = true;
      queueMicrotask(() => void pump());
    } else if (onArrival !== undefined && (wakeScheduled === false || queue.depth >= maxBatch)) {
      // A delivery is in flight: hand the next batch over on a later turn, so
      // the items published in this one go together, or at once when a full
      // batch waits.
      const wake = onArrival;
      if (queue.depth >= maxBatch) {
        onArrival = undefined;
        queueMicrotask(wake);
      } else {
        wakeScheduled = true;
        setImmediate(() => {
          wakeScheduled = false;
          if (onArrival === wake) onArrival = undefined;
          wake();
        });
      }
    }
  }

  /**
   * `first` plus the batchable items right behind it, or undefined when it
   * goes alone. Behind a delivery in flight (pipelining), a lone batchable
   * item is a batch of one: it keeps its own per-item timeout however long
   * it waits behind the others.
   */
  function batchFrom(first: Slot<I>, behindFlight: boolean): I[] | undefined {
    if (maxBatch < 2 || !batchable(first)) return undefined;
    if (!batchable(queue.peek()) && !behindFlight) return undefined;
    const run = [first.item];
    while (run.length < maxBatch && batchable(queue.peek())) run.push((queue.take() as Slot<I>).item);
    return run;
  }

  async function pump(): Promise<void> {
    /** Deliveries in flight, oldest first (more than one only when pipelining). */
    const flights: Flight[] = [];
    const ahead = () => flights.reduce((sum, flight) => sum + flight.items, 0);
    try {
      for (;;) {
        const slot = queue.take();
        if (slot === undefined) {
          const oldest = flights[0];
          if (oldest === undefined) break;
          // Wait for the oldest batch, or for new items to pipeline behind it.
          const arrived = new Promise<void>((resolve) => {
            onArrival = resolve;
          });
          await Promise.race([oldest.done, arrived]);
          onArrival = undefined;
          if (oldest.settled) flights.shift();
          continue;
        }
        const run = batchFrom(slot, flights.length > 0);
        if (run === undefined && !(pipelining && flights.length === 0 && batchable(slot))) {
          // One call at a time: a single delivery waits for every batch in flight.
          for (let flight = flights.shift(); flight !== undefined; flight = flights.shift()) await flight.done;
          await runner.deliverOne(slot);
          continue;
        }
        // Order: nothing goes behind a delivery the plugin has not placed yet.
        const last = flights[flights.length - 1];
        if (last !== undefined && !last.placed) await last.whenPlaced;
        // A lone item with nothing in flight still goes alone (an idle plugin's
        // latency), but as a flight: what arrives meanwhile is pipelined behind it.
        let placed: () => void = noop;
        const flight: Flight = {
          done: Promise.resolve(),
          settled: false,
          items: run?.length ?? 1,
          placed: false,
          whenPlaced: new Promise<void>((resolve) => {
            placed = resolve;
          }),
        };
        const queued = () => {
          flight.placed = true;
          placed();
        };
        flight.done = (
          run === undefined ? runner.deliverOne(slot, queued) : runner.deliverBatch(run, ahead(), queued)
        ).finally(() => {
          flight.settled = true;
          queued();
        });
        flights.push(flight);
        while (flights.length >= maxInFlight) await (flights.shift() as Flight).done;
      }
    } finally {
      onArrival = undefined;
      running = false;
      if (idleWaiters.length > 0) for (const resolve of idleWaiters.splice(0)) resolve();
    }
  }

  return {
    get running() {
      return running;
    },
    arrived,
    idle() {
      if (!running && queue.depth === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}

function noop(): void {}
