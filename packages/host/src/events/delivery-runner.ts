/**
 * Runs one delivery (a single item or a batch) under its guard and counts
 * how each item ended: delivered, error, timeout (the plugin did not answer
 * in time, or its runtime reported PLUGIN_TIMEOUT) or discarded (the queue
 * closed). Each item of a batch is counted exactly as a single delivery
 * would be.
 */
import { HostError, HostErrorCode } from "../errors.js";
import { createDeliveryWatchdog, type DeliveryGuard, STOPPED, TIMED_OUT } from "./delivery-guard.js";
import type {
  BatchContext,
  BatchDelivery,
  BatchItemOutcome,
  DeliveryContext,
  DeliveryQueueOptions,
  DeliveryStats,
  SafeCall,
  Slot,
} from "./delivery-queue-types.js";

export interface DeliveryRunner<I> {
  /** `queued`: the pipelining hook handed to the plugin (see DeliveryContext). */
  deliverOne(slot: Slot<I>, queued?: () => void): Promise<void>;
  /** `ahead`: items of earlier batches still in flight (pipelining), which run first. */
  deliverBatch(run: I[], ahead: number, queued?: () => void): Promise<void>;
  /** Counts an item thrown away by close(). */
  discarded(item: I): void;
  /** Gives up every delivery in flight (close without draining). */
  stopAll(): void;
}

export function createDeliveryRunner<I, R>(
  options: DeliveryQueueOptions<I, R>,
  stats: DeliveryStats,
  safely: SafeCall,
  callbackThrew: (what: string, error: unknown) => void,
): DeliveryRunner<I> {
  const { name, logger } = options;
  const now = options.now ?? Date.now;
  /** Guards the deliveries in flight (one, or several pipelined batches). */
  const watchdog = createDeliveryWatchdog();

  function timedOut(item: I, message: string, details: Record<string, unknown>): void {
    stats.timeouts++;
    logger.warn({ queue: name, ...details }, message);
    const onTimeout = options.onTimeout;
    if (onTimeout) safely("onTimeout", () => onTimeout(item));
  }

  // The per-item callbacks catch inline rather than through `safely`: no closure per event.
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
    const guard = watchdog.guard(name, start, deadlineMs - start);
    let delivery: Promise<R> | undefined;
    try {
      delivery = options.deliver(item, queued === undefined ? guard : withQueued(guard, queued));
      const outcome = await guard.race(delivery);
      if (outcome === TIMED_OUT || outcome === STOPPED) {
        // The plugin may still settle later; nobody listens any more.
        delivery.catch(() => undefined);
        if (outcome === STOPPED) discarded(item);
        else timedOut(item, `delivery to ${name} timed out; skipped`, { timeoutMs: deadlineMs - start });
        return;
      }
      succeeded(item, outcome, now() - start);
    } catch (error) {
      failed(item, error);
    } finally {
      guard.dispose();
    }
  }

  async function deliverBatch(run: I[], ahead: number, queued?: () => void): Promise<void> {
    const deliverRun = (options.batch as BatchDelivery<I, R>).deliver;
    const start = now();
    const guard = watchdog.guard(name, start, (ahead + run.length) * options.timeoutMs);
    const context: BatchContext = {
      timeoutMs: options.timeoutMs,
      deadlineMs: guard.deadlineMs,
      // Lazy, like the single path: the AbortController exists only if read.
      get signal() {
        return guard.signal;
      },
      onGiveUp(listener) {
        guard.onGiveUp(listener);
      },
      ...(queued === undefined ? {} : { queued }),
    };
    let answers: Array<BatchItemOutcome<R>> | undefined;
    let failure: { error: unknown } | undefined;
    try {
      const delivery = deliverRun(run, context);
      const outcome = await guard.race(delivery);
      if (outcome === TIMED_OUT || outcome === STOPPED) {
        delivery.catch(() => undefined);
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
    }
    const share = (now() - start) / run.length;
    run.forEach((item, index) => {
      const answer = failure === undefined ? answers?.[index] : { ok: false as const, error: failure.error };
      if (answer === undefined) timedOut(item, `batch delivery to ${name} left an item unanswered; skipped`, {});
      else if (answer.ok) succeeded(item, answer.outcome, answer.elapsedMs ?? share);
      else failed(item, answer.error);
    });
  }

  return {
    deliverOne,
    deliverBatch,
    discarded,
    stopAll() {
      watchdog.stopAll();
    },
  };
}

/** The guard as a DeliveryContext, plus the pipelining hook (signal stays lazy). */
function withQueued(guard: DeliveryGuard, queued: () => void): DeliveryContext {
  return {
    deadlineMs: guard.deadlineMs,
    get signal() {
      return guard.signal;
    },
    onGiveUp(listener) {
      guard.onGiveUp(listener);
    },
    queued,
  };
}
