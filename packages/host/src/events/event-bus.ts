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
 * - Echo loops (host side of the guests' own guard): an event emitted while
 *   handling an event of depth d has depth d + 1; past maxEmitDepth it is
 *   refused with EMIT_LOOP_DETECTED.
 * - Events returned in a delivery's outcome are published after the delivery
 *   without holding the plugin's queue; a refused one is logged and counted
 *   as an error for that plugin, never thrown into the bus.
 */
import { ActorKind, type Event } from "@holomush/proto";
import { HostError, HostErrorCode } from "../errors.js";
import { createUlidFactory } from "../ids/ulid-factory.js";
import type { EmitEventInit, EventResultInit } from "../plugins/runtime.js";
import type {
  BusSubscriber,
  EventBus,
  EventBusOptions,
  PublishInput,
  PublishResult,
  SubscriberStats,
} from "./bus-types.js";
import { createEmitDepths, DEFAULT_MAX_EMIT_DEPTH } from "./emit-depth.js";
import { checkEventShape, type FencedEvent, fenceEmit } from "./emit-fence.js";
import { createCommitter } from "./event-commit.js";
import { createEventRouter } from "./event-router.js";
import { createInterceptChain } from "./intercept-chain.js";
import { createSubscriberState, DEFAULT_MAX_BATCH_SIZE, type Job, type SubscriberState } from "./subscriber-queue.js";

export type {
  BusDeliveryOptions,
  BusErrorDetail,
  BusMetrics,
  BusSubscriber,
  EventBus,
  EventBusOptions,
  PublishInput,
  PublishResult,
  SubscriberStats,
} from "./bus-types.js";
export { DEFAULT_MAX_EMIT_DEPTH } from "./emit-depth.js";
export { DEFAULT_MAX_BATCH_SIZE } from "./subscriber-queue.js";

function cancelled(by: string | undefined, reason: string | undefined): PublishResult {
  return {
    cancelled: true,
    ...(by === undefined ? {} : { cancelledBy: by }),
    ...(reason === undefined ? {} : { reason }),
  };
}

export function createEventBus(options: EventBusOptions): EventBus {
  const { store, logger, metrics } = options;
  const now = options.now ?? Date.now;
  const maxBatchSize = options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;
  const nextId = createUlidFactory();
  const chain = createInterceptChain({
    logger,
    now,
    ...(options.interceptDeadlineMs === undefined ? {} : { deadlineMs: options.interceptDeadlineMs }),
  });
  const subscribers = new Map<string, SubscriberState>();
  const router = createEventRouter(logger);
  const depths = createEmitDepths(options.maxEmitDepth ?? DEFAULT_MAX_EMIT_DEPTH, logger);
  const commitInOrder = createCommitter(store, router.route, options.transport);
  /** Publishes and outcome emits not settled yet, for idle(). */
  let unsettled = 0;
  const settledWaiters: Array<() => void> = [];
  let closed = false;

  const release = () => {
    if (--unsettled === 0 && settledWaiters.length > 0) for (const wake of settledWaiters.splice(0)) wake();
  };
  function track(work: Promise<unknown>): void {
    unsettled++;
    work.then(release, release);
  }

  function refuseIfClosed(): void {
    if (closed) throw new HostError(HostErrorCode.EVENT_BUS_CLOSED, "the event bus is closed");
  }

  /**
   * Not async: a plain publish is one promise (its commit), counted for
   * idle() when it settles rather than through a .then of its own.
   */
  function publish(input: PublishInput): Promise<PublishResult> {
    let event: Event;
    try {
      refuseIfClosed();
      if (input.actorKind === ActorKind.UNSPECIFIED) {
        throw new HostError(HostErrorCode.INVALID_ARGUMENT, "an event needs an actor kind", { field: "actorKind" });
      }
      const shape = checkEventShape(input);
      if (shape instanceof HostError) throw shape;
      event = createEvent(shape, input.actorKind, input.actorId, 0);
    } catch (error) {
      return Promise.reject(error);
    }
    if (input.cancellable === true) {
      const work = interceptThenCommit(event, 0);
      track(work);
      return work;
    }
    unsettled++;
    return commitInOrder(event, 0, release);
  }

  function createEvent(fields: FencedEvent, actorKind: ActorKind, actorId: string, depth: number): Event {
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
    depths.record(event, depth);
    return event;
  }

  async function interceptThenCommit(event: Event, depth: number): Promise<PublishResult> {
    if (options.preIntercept) {
      const verdict = await options.preIntercept(event);
      if (verdict.cancelled) return cancelled(verdict.by, verdict.reason);
      event.payload = verdict.payload;
    }
    const interceptors = router.interceptorsFor(event, (state, offered, deadlineMs) =>
      offer(state, offered, depth, deadlineMs),
    );
    if (interceptors.length > 0) {
      const verdict = await chain.intercept(event, interceptors);
      if (verdict.cancelled) return cancelled(verdict.cancelledBy, verdict.reason);
      event.payload = verdict.payload;
    }
    return commitInOrder(event, depth);
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
    const depth = (knownCauseDepth ?? depths.causeDepth(state, cause)) + 1;
    const work = emitAt(state, events, depth, cause);
    track(work);
    return work;
  }

  async function emitAt(state: SubscriberState, events: EmitEventInit[], depth: number, cause?: Event) {
    const plugin = state.subscriber.name;
    depths.check(plugin, depth, cause);
    const fenced = events.map((event, index) => fenceEmit(state.subscriber, event, index, cause));
    const ids: string[] = [];
    for (const fields of fenced) {
      const result = await commitInOrder(createEvent(fields, ActorKind.PLUGIN, plugin, depth), depth);
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
    router.validate(subscriber);
    const state = createSubscriberState(subscriber, { logger, now, metrics, maxBatchSize, emitOutcome });
    state.removers.push(...router.add(state));
    subscribers.set(name, state);
    return () => void removeSubscriber(name);
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
    depths.record(event, depth);
    const blocked = router.route(event, depth);
    if (blocked.length > 0) await Promise.all(blocked);
  }

  return {
    publish,
    ingest,
    emitFromPlugin,
    addSubscriber,
    removeSubscriber,
    watch: router.watch,
    idle,
    stats,
    close,
  };
}
