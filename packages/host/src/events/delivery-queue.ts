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
import type { Logger } from "pino";
import { HostError, HostErrorCode } from "../errors.js";
import type { OverflowPolicy } from "../manifest/manifest.js";
import { createDeliveryGuard, STOPPED, TIMED_OUT } from "./delivery-guard.js";

export interface DeliveryContext {
  /** Aborted on timeout or when the queue is closed without draining. */
  signal: AbortSignal;
  /** Unix ms after which the queue stops waiting for this delivery. */
  deadlineMs: number;
  /**
   * Pipelining only: the plugin calls it once this delivery holds its place
   * in the plugin's own call order; the next one is handed over only then
   * (or once this one settled).
   */
  queued?(): void;
}

/** One item's answer within a batch, at the item's index. */
export type BatchItemOutcome<R> = { ok: true; outcome: R; elapsedMs?: number } | { ok: false; error: unknown };

export interface BatchContext extends DeliveryContext {
  /** Each item's own timeout in ms, counted from when the plugin starts it. */
  timeoutMs: number;
}

export interface BatchDelivery<I, R> {
  /** Most items in one call (>= 2 to batch at all). */
  maxItems: number;
  /**
   * Batches that may be in flight at once (default 1). Above 1, `deliver`
   * is called again before the previous batch settled, and the plugin must
   * run the batches in call order, one item at a time.
   */
  maxInFlight?: number;
  /** Which items may share a call (the bus: plain events, never interceptions). */
  accepts(item: I): boolean;
  /** One answer per item, in order; a missing answer counts as a timeout. */
  deliver(items: I[], context: BatchContext): Promise<Array<BatchItemOutcome<R>>>;
}

export interface DeliveryQueueOptions<I, R> {
  /** Name used in logs (the plugin's name). */
  name: string;
  /** Items that may wait behind the one being delivered (manifest default 256). */
  size: number;
  overflow: OverflowPolicy;
  /** Per-delivery timeout in ms (manifest default 5000). */
  timeoutMs: number;
  deliver(item: I, context: DeliveryContext): Promise<R>;
  /** Several waiting items in one call; without it every item is delivered alone. */
  batch?: BatchDelivery<I, R>;
  onResult?(item: I, result: R, elapsedMs: number): void;
  /** A failed delivery; when given, it logs the failure (the queue then does not). */
  onError?(item: I, error: unknown): void;
  /** Timed out while delivering, or its deadline passed while it waited. */
  onTimeout?(item: I): void;
  /** Refused because the queue was full (`drop`). */
  onDrop?(item: I): void;
  /** Thrown away by close(): pending items, blocked publishers' items, the one in flight. */
  onDiscard?(item: I): void;
  /** Called whenever the number of waiting items changes. */
  onDepth?(depth: number): void;
  logger: Logger;
  /** Clock in Unix ms (default Date.now). */
  now?: () => number;
}

export interface EnqueueOptions {
  /**
   * Absolute Unix-ms deadline for this item; the delivery's timeout becomes
   * min(timeoutMs, deadline - start). An item whose deadline passed before
   * its turn is skipped as timed out without being delivered.
   */
  deadlineMs?: number;
}

export interface DeliveryStats {
  delivered: number;
  errors: number;
  timeouts: number;
  drops: number;
}

export interface DeliveryQueue<I> {
  readonly name: string;
  /** Items waiting (not counting the one in flight). */
  readonly depth: number;
  /** True while an item is waiting or in flight. */
  readonly busy: boolean;
  /**
   * true = queued; false = dropped (full under `drop`) or closed. Under
   * `block` with a full queue, a promise that resolves once queued (true) or
   * when the queue closes first (false).
   */
  enqueue(item: I, options?: EnqueueOptions): boolean | Promise<boolean>;
  /** Resolves when nothing waits and nothing is in flight. */
  idle(): Promise<void>;
  stats(): DeliveryStats;
  /**
   * Refuses new items. drain (default true) delivers what is queued first;
   * drain false discards it and aborts the delivery in flight. Publishers
   * blocked on a full queue get false either way.
   */
  close(options?: { drain?: boolean }): Promise<void>;
}

interface Slot<I> {
  item: I;
  deadlineMs: number | undefined;
}

interface Waiter<I> {
  slot: Slot<I>;
  resolve: (queued: boolean) => void;
}

const DROP_LOG_INTERVAL_MS = 1000;

export function createDeliveryQueue<I, R>(options: DeliveryQueueOptions<I, R>): DeliveryQueue<I> {
  const { name, logger } = options;
  const now = options.now ?? Date.now;
  const capacity = Math.max(1, options.size);
  let items: Slot<I>[] = [];
  let head = 0;
  const blocked: Waiter<I>[] = [];
  const idleWaiters: Array<() => void> = [];
  const stats: DeliveryStats = { delivered: 0, errors: 0, timeouts: 0, drops: 0 };
  let running = false;
  let closed = false;
  let lastDropLog = Number.NEGATIVE_INFINITY;
  /** Stop hooks of the deliveries in flight (one, or several pipelined batches). */
  const stoppers = new Set<() => void>();
  /** Set while the pump waits for a pipelined batch: new items wake it. */
  let onArrival: (() => void) | undefined;
  let wakeScheduled = false;

  const depth = () => items.length - head;
  const safely = (what: string, fn: () => void) => {
    try {
      fn();
    } catch (error) {
      callbackThrew(what, error);
    }
  };
  // The per-item callbacks below catch inline rather than through `safely`: no closure per event.
  const callbackThrew = (what: string, error: unknown) =>
    logger.error({ err: error, queue: name }, `delivery queue ${what} callback threw`);
  const reportDepth = () => {
    const onDepth = options.onDepth;
    if (onDepth) safely("onDepth", () => onDepth(depth()));
  };

  function push(slot: Slot<I>): void {
    items.push(slot);
    reportDepth();
    if (!running) {
      // Start on a microtask so a plugin never runs inside the publisher's call.
      running = true;
      queueMicrotask(() => void pump());
    } else if (onArrival !== undefined && (wakeScheduled === false || depth() >= maxBatch)) {
      // A delivery is in flight: hand the next batch over on a later turn, so
      // the items published in this one go together, or at once when a full
      // batch waits.
      const wake = onArrival;
      if (depth() >= maxBatch) {
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

  function take(): Slot<I> | undefined {
    if (head === items.length) return undefined;
    const slot = items[head] as Slot<I>;
    items[head++] = undefined as unknown as Slot<I>;
    if (head > 1024 && head * 2 > items.length) {
      items = items.slice(head);
      head = 0;
    }
    // A place freed: the longest-blocked publisher gets it (FIFO keeps order).
    const waiter = blocked.shift();
    if (waiter) {
      items.push(waiter.slot);
      waiter.resolve(true);
    }
    reportDepth();
    return slot;
  }

  function enqueue(item: I, enqueueOptions: EnqueueOptions = {}): boolean | Promise<boolean> {
    if (closed) return false;
    const slot: Slot<I> = { item, deadlineMs: enqueueOptions.deadlineMs };
    if (depth() < capacity && blocked.length === 0) {
      push(slot);
      return true;
    }
    if (options.overflow === "block") {
      return new Promise<boolean>((resolve) => blocked.push({ slot, resolve }));
    }
    stats.drops++;
    const at = now();
    if (at - lastDropLog >= DROP_LOG_INTERVAL_MS) {
      lastDropLog = at;
      logger.warn({ queue: name, capacity, drops: stats.drops }, `delivery queue for ${name} is full: event dropped`);
    }
    const onDrop = options.onDrop;
    if (onDrop) safely("onDrop", () => onDrop(item));
    return false;
  }

  interface Flight {
    done: Promise<void>;
    settled: boolean;
    items: number;
    /** The plugin took its place in order (context.queued), or it settled. */
    placed: boolean;
    whenPlaced: Promise<void>;
  }

  async function pump(): Promise<void> {
    /** Deliveries in flight, oldest first (more than one only when pipelining). */
    const flights: Flight[] = [];
    const ahead = () => flights.reduce((sum, flight) => sum + flight.items, 0);
    try {
      for (;;) {
        const slot = take();
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
          await deliverOne(slot);
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
        flight.done = (run === undefined ? deliverOne(slot, queued) : deliverBatch(run, ahead(), queued)).finally(
          () => {
            flight.settled = true;
            queued();
          },
        );
        flights.push(flight);
        while (flights.length >= maxInFlight) await (flights.shift() as Flight).done;
      }
    } finally {
      onArrival = undefined;
      running = false;
      for (const resolve of idleWaiters.splice(0)) resolve();
    }
  }

  const batch = options.batch;
  const maxBatch = Math.floor(batch?.maxItems ?? 1);
  const maxInFlight = Math.max(1, Math.floor(batch?.maxInFlight ?? 1));
  const pipelining = maxBatch >= 2 && maxInFlight > 1;
  const batchable = (slot: Slot<I> | undefined): slot is Slot<I> =>
    slot !== undefined && slot.deadlineMs === undefined && (batch?.accepts(slot.item) ?? false);

  /**
   * `first` plus the batchable items right behind it, or undefined when it
   * goes alone. Behind a delivery in flight (pipelining), a lone batchable
   * item is a batch of one: it keeps its own per-item timeout however long
   * it waits behind the others.
   */
  function batchFrom(first: Slot<I>, behindFlight: boolean): I[] | undefined {
    if (maxBatch < 2 || !batchable(first)) return undefined;
    if (!batchable(items[head]) && !behindFlight) return undefined;
    const run = [first.item];
    while (run.length < maxBatch && batchable(items[head])) run.push((take() as Slot<I>).item);
    return run;
  }

  function timedOut(item: I, message: string, details: Record<string, unknown>): void {
    stats.timeouts++;
    logger.warn({ queue: name, ...details }, message);
    const onTimeout = options.onTimeout;
    if (onTimeout) safely("onTimeout", () => onTimeout(item));
  }

  function succeeded(item: I, result: R, elapsedMs: number): void {
    stats.delivered++;
    const onResult = options.onResult;
    if (onResult === undefined) return;
    try {
      onResult(item, result, elapsedMs);
    } catch (error) {
      callbackThrew("onResult", error);
    }
  }

  function failed(item: I, error: unknown): void {
    // A runtime enforcing its own, shorter deadline (the WASM watchdog)
    // reports PLUGIN_TIMEOUT: that is a timeout, not a plugin error.
    if (error instanceof HostError && error.code === HostErrorCode.PLUGIN_TIMEOUT) {
      timedOut(item, `delivery to ${name} timed out in the runtime; skipped`, { err: error });
      return;
    }
    stats.errors++;
    const onError = options.onError;
    // The owner of onError logs the failure with what it knows of the item (the
    // bus: plugin and event id); logging here too would report it twice.
    if (onError) safely("onError", () => onError(item, error));
    else logger.warn({ queue: name, err: error }, `delivery to ${name} failed`);
  }

  function discarded(item: I): void {
    const onDiscard = options.onDiscard;
    if (onDiscard) safely("onDiscard", () => onDiscard(item));
  }

  async function deliverOne(slot: Slot<I>, queued?: () => void): Promise<void> {
    const { item } = slot;
    const start = now();
    const deadlineMs = Math.min(start + options.timeoutMs, slot.deadlineMs ?? Number.POSITIVE_INFINITY);
    if (deadlineMs <= start) {
      stats.timeouts++;
      const onTimeout = options.onTimeout;
      if (onTimeout) safely("onTimeout", () => onTimeout(item));
      return;
    }
    const guard = createDeliveryGuard(start, deadlineMs - start);
    stoppers.add(guard.stop);
    let delivery: Promise<R> | undefined;
    try {
      delivery = options.deliver(item, queued === undefined ? guard : withQueued(guard, queued));
      const outcome = await Promise.race([delivery, guard.givenUp]);
      if (outcome === TIMED_OUT || outcome === STOPPED) {
        // The plugin may still settle later; nobody listens any more.
        delivery.catch(() => undefined);
        guard.abort(name, outcome === STOPPED);
        if (outcome === STOPPED) discarded(item);
        else timedOut(item, `delivery to ${name} timed out; skipped`, { timeoutMs: deadlineMs - start });
        return;
      }
      succeeded(item, outcome, now() - start);
    } catch (error) {
      failed(item, error);
    } finally {
      guard.dispose();
      stoppers.delete(guard.stop);
    }
  }

  /** `ahead`: items of earlier batches still in flight (pipelining), which run first. */
  async function deliverBatch(run: I[], ahead: number, queued?: () => void): Promise<void> {
    const deliverRun = (batch as BatchDelivery<I, R>).deliver;
    const start = now();
    const guard = createDeliveryGuard(start, (ahead + run.length) * options.timeoutMs);
    stoppers.add(guard.stop);
    const context: BatchContext = {
      timeoutMs: options.timeoutMs,
      deadlineMs: guard.deadlineMs,
      // Lazy, like the single path: the AbortController exists only if read.
      get signal() {
        return guard.signal;
      },
      ...(queued === undefined ? {} : { queued }),
    };
    let answers: Array<BatchItemOutcome<R>> | undefined;
    let failure: { error: unknown } | undefined;
    try {
      const delivery = deliverRun(run, context);
      const outcome = await Promise.race([delivery, guard.givenUp]);
      if (outcome === TIMED_OUT || outcome === STOPPED) {
        delivery.catch(() => undefined);
        guard.abort(name, outcome === STOPPED);
        if (outcome === STOPPED) {
          for (const item of run) discarded(item);
          return;
        }
        // The plugin never answered: nothing of the batch is known to be done.
        const message = `batch delivery to ${name} never answered; its items skipped`;
        for (const item of run) timedOut(item, message, { timeoutMs: guard.deadlineMs - start, items: run.length });
        return;
      }
      answers = outcome;
    } catch (error) {
      // The call itself failed (e.g. the instance is gone): every item shares that error.
      failure = { error };
    } finally {
      guard.dispose();
      stoppers.delete(guard.stop);
    }
    const share = (now() - start) / run.length;
    run.forEach((item, index) => {
      const answer = failure === undefined ? answers?.[index] : { ok: false as const, error: failure.error };
      if (answer === undefined) timedOut(item, `batch delivery to ${name} left an item unanswered; skipped`, {});
      else if (answer.ok) succeeded(item, answer.outcome, answer.elapsedMs ?? share);
      else failed(item, answer.error);
    });
  }

  function idle(): Promise<void> {
    if (!running && depth() === 0) return Promise.resolve();
    return new Promise((resolve) => idleWaiters.push(resolve));
  }

  async function close(closeOptions: { drain?: boolean } = {}): Promise<void> {
    closed = true;
    const onDiscard = options.onDiscard;
    for (const waiter of blocked.splice(0)) {
      waiter.resolve(false);
      if (onDiscard) safely("onDiscard", () => onDiscard(waiter.slot.item));
    }
    if (closeOptions.drain ?? true) return idle();
    const pending = items.slice(head);
    items = [];
    head = 0;
    reportDepth();
    for (const slot of pending) if (onDiscard) safely("onDiscard", () => onDiscard(slot.item));
    for (const stop of [...stoppers]) stop();
    return idle();
  }

  return {
    name,
    get depth() {
      return depth();
    },
    get busy() {
      return running || depth() > 0;
    },
    enqueue,
    idle,
    stats: () => ({ ...stats }),
    close,
  };
}

function noop(): void {}

/** The guard as a DeliveryContext, plus the pipelining hook (signal stays lazy). */
function withQueued(guard: DeliveryContext, queued: () => void): DeliveryContext {
  return {
    deadlineMs: guard.deadlineMs,
    get signal() {
      return guard.signal;
    },
    queued,
  };
}
