/**
 * One bus subscriber's state and its delivery queue: what a job is (a plain
 * event, or an interception awaiting a verdict), how jobs reach the plugin
 * (alone, or batched / pipelined when it can take several), and what each
 * outcome means for the bus (metrics, verdicts, events the plugin returned).
 */
import type { Event } from "@holomush/proto";
import type { Logger } from "pino";
import type { EmitEventInit, EventOutcome, EventResultInit } from "../plugins/runtime.js";
import type { BusDeliveryOptions, BusMetrics, BusSubscriber } from "./bus-types.js";
import { type BatchDelivery, createDeliveryQueue, type DeliveryContext, type DeliveryQueue } from "./delivery-queue.js";
import { type DeliveryDepth, deepest, delivering, endDelivery } from "./emit-depth.js";

export type Job =
  | { kind: "event"; event: Event; depth: number }
  | { kind: "intercept"; event: Event; depth: number; resolve: (result: EventResultInit | undefined) => void };

export interface SubscriberState extends DeliveryDepth<Job> {
  subscriber: BusSubscriber;
  queue: DeliveryQueue<Job>;
  removers: Array<() => void>;
  removed: boolean;
  emitErrors: number;
  /** Last route pass that enqueued to this subscriber (dedupe per event). */
  mark: number;
}

export const DEFAULT_MAX_BATCH_SIZE = 32;
/** Batches in flight at once to a subscriber that runs them in call order itself. */
const PIPELINED_BATCHES = 4;

export interface SubscriberQueueDeps {
  logger: Logger;
  now: () => number;
  metrics: BusMetrics | undefined;
  maxBatchSize: number;
  /** Events a plain delivery's outcome returned: published after it, off the queue. */
  emitOutcome(state: SubscriberState, job: Job, events: EmitEventInit[]): void;
}

/** A subscriber's state, its queue created; routes are added by the caller. */
export function createSubscriberState(subscriber: BusSubscriber, deps: SubscriberQueueDeps): SubscriberState {
  const state: SubscriberState = {
    subscriber,
    queue: undefined as unknown as DeliveryQueue<Job>,
    removers: [],
    removed: false,
    current: undefined,
    inFlight: [],
    emitErrors: 0,
    mark: 0,
  };
  state.queue = createQueue(state, deps);
  return state;
}

/**
 * Batched delivery of plain events (never interceptions, which keep their
 * own deadline). While batches run, `current` is the deepest job of all
 * of them (two when pipelined), so an emit without an explicit cause is
 * counted at least as deep as the event that caused it: the echo-loop
 * guard can overcount inside a batch, never undercount.
 */
function batchDelivery(
  state: SubscriberState,
  maxBatchSize: number,
): BatchDelivery<Job, EventOutcome | undefined> | undefined {
  const deliverBatch = state.subscriber.deliverBatch?.bind(state.subscriber);
  if (deliverBatch === undefined || maxBatchSize < 2) return undefined;
  return {
    maxItems: maxBatchSize,
    ...(state.subscriber.pipelinedBatches ? { maxInFlight: PIPELINED_BATCHES } : {}),
    accepts: (job) => job.kind === "event",
    deliver: (jobs, context) =>
      delivering(state, deepest(jobs), () =>
        deliverBatch(
          jobs.map((job) => job.event),
          {
            timeoutMs: context.timeoutMs,
            deadlineMs: context.deadlineMs,
            get signal() {
              return context.signal;
            },
            onGiveUp(listener) {
              context.onGiveUp(listener);
            },
            ...(context.queued === undefined ? {} : { queued: context.queued }),
          },
        ),
      ),
  };
}

/** What the subscriber is told about one delivery (built per event: no spread, signal lazy). */
function deliveryOptions(job: Job, context: DeliveryContext): BusDeliveryOptions {
  const options: BusDeliveryOptions = {
    cancellable: job.kind === "intercept",
    deadlineMs: context.deadlineMs,
    // Lazy: the queue creates the AbortController only when read.
    get signal() {
      return context.signal;
    },
    // A method, not context.onGiveUp itself: callers hand it on detached.
    onGiveUp(listener) {
      context.onGiveUp(listener);
    },
  };
  if (context.queued !== undefined) options.queued = context.queued;
  return options;
}

function createQueue(state: SubscriberState, deps: SubscriberQueueDeps): DeliveryQueue<Job> {
  const { logger, metrics } = deps;
  const { subscriber } = state;
  const { name } = subscriber;
  const resolveIntercept = (job: Job) => {
    if (job.kind === "intercept") job.resolve(undefined);
  };
  const batch = batchDelivery(state, deps.maxBatchSize);
  return createDeliveryQueue<Job, EventOutcome | undefined>({
    name,
    size: subscriber.delivery.queueSize,
    overflow: subscriber.delivery.overflow,
    timeoutMs: subscriber.delivery.timeoutMs,
    logger,
    now: deps.now,
    deliver: (job, context) =>
      delivering(state, job, () => subscriber.deliver(job.event, deliveryOptions(job, context))),
    ...(batch === undefined ? {} : { batch }),
    onResult: (job, outcome, elapsedMs) => {
      metrics?.delivered(name, elapsedMs / 1000);
      if (job.kind === "intercept") {
        job.resolve(outcome?.result);
        if (outcome?.events?.length) {
          logger.debug({ plugin: name, event: job.event.id }, "events returned during interception discarded");
        }
      } else if (outcome?.events?.length) {
        deps.emitOutcome(state, job, outcome.events);
      }
    },
    onError: (job, error) => {
      metrics?.failed(name, { kind: "delivery", error, event: job.event.id });
      logger.warn({ plugin: name, err: error, event: job.event.id }, "event delivery failed");
      resolveIntercept(job);
    },
    onTimeout: (job) => {
      // The plugin may never settle: stop counting emits as caused by this job.
      endDelivery(state, job);
      metrics?.timedOut(name, { kind: "timeout", event: job.event.id });
      resolveIntercept(job);
    },
    onDrop: (job) => {
      metrics?.dropped(name);
      resolveIntercept(job);
    },
    onDiscard: resolveIntercept,
  });
}
