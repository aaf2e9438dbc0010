/**
 * The delivery queue's public shapes (see delivery-queue.ts), kept apart so
 * the bounded queue, the runner and the pump can share them.
 */
import type { Logger } from "pino";
import type { OverflowPolicy } from "../manifest/manifest.js";

export interface DeliveryContext {
  /** Aborted on timeout or when the queue is closed without draining. */
  signal: AbortSignal;
  /** Unix ms after which the queue stops waiting for this delivery. */
  deadlineMs: number;
  /**
   * `listener` runs once, with the abort reason, when the queue gives up on
   * this delivery (timeout or close): the same moment `signal` aborts, without
   * creating the signal.
   */
  onGiveUp(listener: (reason: unknown) => void): void;
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

/** A queued item and its own deadline, if it has one (never batched then). */
export interface Slot<I> {
  item: I;
  deadlineMs: number | undefined;
}

/** Calls an owner's callback, logging (never throwing) what it throws. */
export type SafeCall = (what: string, fn: () => void) => void;
