/**
 * The event bus: publish → (intercept) → store → watchers → per-plugin queues.
 *
 * - Every event gets a monotonic ULID and a Unix-ms timestamp here; events a
 *   plugin emits carry ACTOR_KIND_PLUGIN and the plugin's name, so a plugin
 *   can never choose its actor.
 * - Appending and routing are serialized, so every queue sees events in store
 *   order. A cancellable event is intercepted before that step, so it may be
 *   stored after an event with a later id.
 * - An event is never delivered to the plugin that emitted it (self-echo),
 *   and a subscriber with several matching subscriptions gets it once.
 * - Echo loops (host side of seed 000's guard): an event emitted while
 *   handling an event of depth d has depth d + 1; past maxEmitDepth it is
 *   refused with EMIT_LOOP_DETECTED.
 * - Events returned in a delivery's outcome are published after the delivery
 *   without holding the plugin's queue; a refused one is logged and counted
 *   as an error for that plugin, never thrown into the bus.
 */
import { ActorKind, type Event } from "@holomush/proto";
import { monotonicFactory } from "ulid";
import { HostError, HostErrorCode } from "../errors.js";
import type { EmitEventInit, EventOutcome, EventResultInit } from "../plugins/runtime.js";
import type {
  BusSubscriber,
  EventBus,
  EventBusOptions,
  EventTransport,
  PublishInput,
  PublishResult,
  SubscriberStats,
} from "./bus-types.js";
import { type BatchDelivery, createDeliveryQueue, type DeliveryQueue } from "./delivery-queue.js";
import { checkEventShape, type FencedEvent, fenceEmit } from "./emit-fence.js";
import { createInterceptChain, type Interceptor } from "./intercept-chain.js";
import { pooledRandom } from "./random-pool.js";
import { validateStreamPattern } from "./stream-pattern.js";
import { createSubscriptionIndex } from "./subscription-index.js";

export type {
  BusErrorDetail,
  BusMetrics,
  BusSubscriber,
  EventBus,
  EventBusOptions,
  PublishInput,
  PublishResult,
  SubscriberStats,
} from "./bus-types.js";

type Job =
  | { kind: "event"; event: Event; depth: number }
  | { kind: "intercept"; event: Event; depth: number; resolve: (result: EventResultInit | undefined) => void };

interface SubscriberState {
  subscriber: BusSubscriber;
  queue: DeliveryQueue<Job>;
  removers: Array<() => void>;
  removed: boolean;
  /**
   * The job being delivered (deliveries are serialized per plugin); with
   * pipelined batches, the deepest job of all deliveries in flight.
   */
  current: Job | undefined;
  /** The job of each delivery in flight (a batch's deepest), oldest first. */
  inFlight: Job[];
  emitErrors: number;
  /** Last route pass that enqueued to this subscriber (dedupe per event). */
  mark: number;
}

interface PendingCommit {
  event: Event;
  depth: number;
  resolve(result: PublishResult): void;
  reject(error: unknown): void;
}

interface Route {
  state: SubscriberState;
  intercept: boolean;
}

export const DEFAULT_MAX_EMIT_DEPTH = 8;

/** The job with the deepest causation chain (ties: the earlier one). */
function deepest(jobs: readonly Job[]): Job {
  return jobs.reduce((a, b) => (b.depth > a.depth ? b : a));
}

function cancelled(by: string | undefined, reason: string | undefined): PublishResult {
  return {
    cancelled: true,
    ...(by === undefined ? {} : { cancelledBy: by }),
    ...(reason === undefined ? {} : { reason }),
  };
}
export const DEFAULT_MAX_BATCH_SIZE = 32;
/** Batches in flight at once to a subscriber that runs them in call order itself. */
const PIPELINED_BATCHES = 4;

export function createEventBus(options: EventBusOptions): EventBus {
  const { store, logger, metrics } = options;
  const now = options.now ?? Date.now;
  const transport: EventTransport | undefined = options.transport;
  const maxEmitDepth = options.maxEmitDepth ?? DEFAULT_MAX_EMIT_DEPTH;
  const maxBatchSize = options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;
  const nextId = monotonicFactory(pooledRandom());
  const chain = createInterceptChain({
    logger,
    now,
    ...(options.interceptDeadlineMs === undefined ? {} : { deadlineMs: options.interceptDeadlineMs }),
  });
  const subscribers = new Map<string, SubscriberState>();
  const routes = createSubscriptionIndex<Route>();
  const watchers = createSubscriptionIndex<(event: Event) => void>();
  const depths = new WeakMap<Event, number>();
  /** Events waiting to be stored and routed, in arrival order (see drainCommits). */
  const commits: PendingCommit[] = [];
  let committing = false;
  /** Publishes and outcome emits not settled yet, for idle(). */
  let unsettled = 0;
  const settledWaiters: Array<() => void> = [];
  let routePass = 0;
  let closed = false;

  const release = () => {
    if (--unsettled === 0) for (const wake of settledWaiters.splice(0)) wake();
  };
  function track(work: Promise<unknown>): void {
    unsettled++;
    work.then(release, release);
  }

  function refuseIfClosed(): void {
    if (closed) throw new HostError(HostErrorCode.EVENT_BUS_CLOSED, "the event bus is closed");
  }

  async function publish(input: PublishInput): Promise<PublishResult> {
    refuseIfClosed();
    if (input.actorKind === ActorKind.UNSPECIFIED) {
      throw new HostError(HostErrorCode.INVALID_ARGUMENT, "an event needs an actor kind", { field: "actorKind" });
    }
    const shape = checkEventShape(input);
    if (shape instanceof HostError) throw shape;
    const work = publishEvent(shape, input.actorKind, input.actorId, input.cancellable === true, 0);
    track(work);
    return work;
  }

  function publishEvent(
    fields: FencedEvent,
    actorKind: ActorKind,
    actorId: string,
    cancellable: boolean,
    depth: number,
  ): Promise<PublishResult> {
    const timestamp = now();
    // Every field set, in schema order: the same object create(EventSchema, …)
    // returns, without its reflective field-by-field init (~1 µs an event).
    const event: Event = {
      $typeName: "holomush.plugin.v1.Event",
      id: nextId(timestamp),
      stream: fields.stream,
      type: fields.type,
      timestamp: BigInt(timestamp),
      actorKind,
      actorId,
      payload: fields.payload,
    };
    if (depth > 0) depths.set(event, depth);
    return cancellable ? interceptThenCommit(event, depth) : commitInOrder(event, depth);
  }

  async function interceptThenCommit(event: Event, depth: number): Promise<PublishResult> {
    if (options.preIntercept) {
      const verdict = await options.preIntercept(event);
      if (verdict.cancelled) return cancelled(verdict.by, verdict.reason);
      event.payload = verdict.payload;
    }
    const interceptors = interceptorsFor(event, depth);
    if (interceptors.length > 0) {
      const verdict = await chain.intercept(event, interceptors);
      if (verdict.cancelled) return cancelled(verdict.cancelledBy, verdict.reason);
      event.payload = verdict.payload;
    }
    return commitInOrder(event, depth);
  }

  /** Settles once the event is stored and routed (and any blocked queue took it). */
  function commitInOrder(event: Event, depth: number): Promise<PublishResult> {
    return new Promise<PublishResult>((resolve, reject) => {
      commits.push({ event, depth, resolve, reject });
      if (committing) return;
      committing = true;
      void drainCommits();
    });
  }

  /**
   * Stores and routes waiting events one at a time, in arrival order, so the
   * store's order is every queue's order. One loop instead of a promise
   * chain per event: publishing is the host's hottest path.
   */
  async function drainCommits(): Promise<void> {
    for (let next = commits.shift(); next !== undefined; next = commits.shift()) {
      const { event, resolve, reject } = next;
      try {
        await store.append(event);
      } catch (error) {
        reject(HostError.from(error, HostErrorCode.STORAGE_UNAVAILABLE, { details: { stream: event.stream } }));
        continue;
      }
      if (transport !== undefined) {
        // Not awaited here: one connection keeps the publishes in order while their acks overlap.
        transport.publish(event, next.depth).then(() => resolve({ event, cancelled: false }), reject);
        continue;
      }
      try {
        const blocked = route(event, next.depth);
        const result: PublishResult = { event, cancelled: false };
        if (blocked.length === 0) resolve(result);
        else Promise.all(blocked).then(() => resolve(result), reject);
      } catch (error) {
        reject(error);
      }
    }
    committing = false;
  }

  /** Notifies watchers and enqueues; returns the enqueues waiting for room. */
  function route(event: Event, depth: number): Array<Promise<boolean>> {
    for (const listener of watchers.match(event.stream, event.type)) {
      try {
        listener(event);
      } catch (error) {
        logger.error({ err: error, event: event.id }, "event watcher threw");
      }
    }
    const emitter = event.actorKind === ActorKind.PLUGIN ? event.actorId : undefined;
    const pass = ++routePass;
    const blocked: Array<Promise<boolean>> = [];
    for (const { state } of routes.match(event.stream, event.type)) {
      if (state.mark === pass || state.removed || state.subscriber.name === emitter) continue;
      state.mark = pass;
      const queued = state.queue.enqueue({ kind: "event", event, depth });
      if (queued instanceof Promise) blocked.push(queued);
    }
    return blocked;
  }

  function interceptorsFor(event: Event, depth: number): Interceptor[] {
    const emitter = event.actorKind === ActorKind.PLUGIN ? event.actorId : undefined;
    const seen = new Set<SubscriberState>();
    const interceptors: Interceptor[] = [];
    for (const { state, intercept } of routes.match(event.stream, event.type)) {
      if (!intercept || seen.has(state) || state.removed || state.subscriber.name === emitter) continue;
      seen.add(state);
      const { name, priority, loadOrder } = state.subscriber;
      interceptors.push({
        name,
        priority,
        loadOrder,
        offer: (offered, deadlineMs) => offer(state, offered, depth, deadlineMs),
      });
    }
    return interceptors;
  }

  function offer(state: SubscriberState, event: Event, depth: number, deadlineMs: number) {
    return new Promise<EventResultInit | undefined>((resolve) => {
      const queued = state.queue.enqueue({ kind: "intercept", event, depth, resolve }, { deadlineMs });
      if (queued === false) resolve(undefined);
      else if (queued instanceof Promise) void queued.then((ok) => ok || resolve(undefined));
    });
  }

  async function emitFromPlugin(
    plugin: string,
    events: EmitEventInit[],
    cause?: Event,
    knownCauseDepth?: number,
  ): Promise<string[]> {
    refuseIfClosed();
    const state = subscribers.get(plugin);
    if (state === undefined) {
      throw new HostError(HostErrorCode.PLUGIN_NOT_LOADED, `plugin ${plugin} is not attached to the event bus`, {
        plugin,
      });
    }
    const depth = (knownCauseDepth ?? causeDepth(state, cause)) + 1;
    const work = emitAt(state, events, depth, cause);
    track(work);
    return work;
  }

  function causeDepth(state: SubscriberState, cause: Event | undefined): number {
    const current = state.current;
    if (cause === undefined) return current === undefined ? -1 : current.depth;
    return depths.get(cause) ?? (current !== undefined && current.event.id === cause.id ? current.depth : 0);
  }

  async function emitAt(state: SubscriberState, events: EmitEventInit[], depth: number, cause?: Event) {
    const plugin = state.subscriber.name;
    if (depth > maxEmitDepth) {
      const error = new HostError(
        HostErrorCode.EMIT_LOOP_DETECTED,
        `plugin ${plugin}: event chain deeper than ${maxEmitDepth} (echo loop?); emitted events refused`,
        { plugin, details: { depth: String(depth), ...(cause ? { cause: cause.id } : {}) } },
      );
      logger.warn({ plugin, depth, cause: cause?.id, code: error.code }, error.message);
      throw error;
    }
    const fenced = events.map((event, index) => fenceEmit(state.subscriber, event, index));
    const ids: string[] = [];
    for (const fields of fenced) {
      const result = await publishEvent(fields, ActorKind.PLUGIN, plugin, false, depth);
      if (result.event) ids.push(result.event.id);
    }
    return ids;
  }

  /** Outcome events: published off the plugin's queue; refusals are counted, never thrown. */
  function emitOutcome(state: SubscriberState, job: Job, events: EmitEventInit[]): void {
    if (closed || state.removed) {
      logger.debug({ plugin: state.subscriber.name }, "outcome events after close/removal discarded");
      return;
    }
    const work = emitAt(state, events, job.depth + 1, job.event).catch((error: unknown) => {
      state.emitErrors++;
      metrics?.failed(state.subscriber.name, { kind: "emit", error, event: job.event.id });
      const code = error instanceof HostError ? error.code : undefined;
      logger.warn({ plugin: state.subscriber.name, err: error, code, cause: job.event.id }, "emitted events refused");
    });
    track(work);
  }

  function addSubscriber(subscriber: BusSubscriber): () => void {
    refuseIfClosed();
    const { name } = subscriber;
    if (subscribers.has(name)) {
      throw new HostError(HostErrorCode.DUPLICATE_PLUGIN, `plugin ${name} is already attached to the event bus`, {
        plugin: name,
      });
    }
    subscriber.subscriptions.forEach((subscription, index) => {
      const problem = validateStreamPattern(subscription.stream);
      if (problem !== undefined) {
        throw new HostError(HostErrorCode.MANIFEST_INVALID, problem, {
          plugin: name,
          field: `events[${index}].stream`,
        });
      }
    });
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
    state.queue = createQueue(state);
    for (const subscription of subscriber.subscriptions) {
      state.removers.push(
        routes.add(subscription.stream, subscription.types, { state, intercept: subscription.intercept }),
      );
    }
    subscribers.set(name, state);
    return () => void removeSubscriber(name);
  }

  /**
   * Batched delivery of plain events (never interceptions, which keep their
   * own deadline). While batches run, `current` is the deepest job of all
   * of them (two when pipelined), so an emit without an explicit cause is
   * counted at least as deep as the event that caused it: the echo-loop
   * guard can overcount inside a batch, never undercount.
   */
  function batchDelivery(state: SubscriberState): BatchDelivery<Job, EventOutcome | undefined> | undefined {
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
              ...(context.queued === undefined ? {} : { queued: context.queued }),
            },
          ),
        ),
    };
  }

  /**
   * Runs one delivery while tracking what `current` is (the deepest job in
   * flight, for the echo-loop guard) across one or several pipelined deliveries.
   */
  async function delivering<T>(state: SubscriberState, job: Job, run: () => Promise<T>): Promise<T> {
    state.inFlight.push(job);
    if (state.current === undefined || job.depth >= state.current.depth) state.current = job;
    try {
      return await run();
    } finally {
      endDelivery(state, job);
    }
  }

  function endDelivery(state: SubscriberState, job: Job): void {
    const index = state.inFlight.indexOf(job);
    if (index < 0) return;
    state.inFlight.splice(index, 1);
    state.current = state.inFlight.length === 0 ? undefined : deepest(state.inFlight);
  }

  function createQueue(state: SubscriberState): DeliveryQueue<Job> {
    const { subscriber } = state;
    const { name } = subscriber;
    const resolveIntercept = (job: Job) => {
      if (job.kind === "intercept") job.resolve(undefined);
    };
    const batch = batchDelivery(state);
    return createDeliveryQueue<Job, EventOutcome | undefined>({
      name,
      size: subscriber.delivery.queueSize,
      overflow: subscriber.delivery.overflow,
      timeoutMs: subscriber.delivery.timeoutMs,
      logger,
      now,
      deliver: (job, context) =>
        delivering(state, job, () =>
          subscriber.deliver(job.event, {
            cancellable: job.kind === "intercept",
            deadlineMs: context.deadlineMs,
            // Lazy: the queue creates the AbortController only when read.
            get signal() {
              return context.signal;
            },
            ...(context.queued === undefined ? {} : { queued: context.queued }),
          }),
        ),
      ...(batch === undefined ? {} : { batch }),
      onResult: (job, outcome, elapsedMs) => {
        metrics?.delivered(name, elapsedMs / 1000);
        if (job.kind === "intercept") {
          job.resolve(outcome?.result);
          if (outcome?.events?.length) {
            logger.debug({ plugin: name, event: job.event.id }, "events returned during interception discarded");
          }
        } else if (outcome?.events?.length) {
          emitOutcome(state, job, outcome.events);
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

  async function removeSubscriber(name: string): Promise<void> {
    const state = subscribers.get(name);
    if (state === undefined) return;
    subscribers.delete(name);
    state.removed = true;
    for (const remove of state.removers) remove();
    await state.queue.close({ drain: false });
  }

  async function idle(): Promise<void> {
    for (;;) {
      const waits: Array<Promise<void>> = [];
      if (unsettled > 0) waits.push(new Promise<void>((resolve) => settledWaiters.push(resolve)));
      for (const state of subscribers.values()) if (state.queue.busy) waits.push(state.queue.idle());
      if (waits.length === 0) return;
      await Promise.all(waits);
    }
  }

  function stats(): Record<string, SubscriberStats> {
    const result: Record<string, SubscriberStats> = {};
    for (const [name, state] of subscribers) {
      const queueStats = state.queue.stats();
      result[name] = {
        ...queueStats,
        errors: queueStats.errors + state.emitErrors,
        queueDepth: state.queue.depth,
      };
    }
    return result;
  }

  async function close(closeOptions: { drain?: boolean } = {}): Promise<void> {
    if (closed) return;
    closed = true;
    const drain = closeOptions.drain ?? true;
    if (drain) await idle();
    await Promise.all([...subscribers.values()].map((state) => state.queue.close({ drain })));
  }

  async function ingest(event: Event, depth: number): Promise<void> {
    if (closed) return;
    if (depth > 0) depths.set(event, depth);
    const blocked = route(event, depth);
    if (blocked.length > 0) await Promise.all(blocked);
  }

  return {
    publish,
    ingest,
    emitFromPlugin,
    addSubscriber,
    removeSubscriber,
    watch: (pattern, listener) => watchers.add(pattern, [], listener),
    idle,
    stats,
    close,
  };
}
