/**
 * The event bus's public shapes, kept apart from its implementation
 * (event-bus.ts) so runtimes and the plugin manager can depend on them alone.
 */
import type { ActorKind, Event } from "@holomush/proto";
import type { Logger } from "pino";
import type { DeliverySettings, EventSubscription } from "../manifest/manifest.js";
import type {
  BatchDeliveryOptions,
  BatchItemResult,
  DeliveryOptions,
  EmitEventInit,
  EventOutcome,
} from "../plugins/runtime.js";
import type { EventStore } from "../storage/event-store.js";

/** A plugin as the event bus sees it: its identity, subscriptions, emit fence and delivery functions. */
export interface BusSubscriber {
  /** Plugin name (identity). */
  name: string;
  /** Lower first (intercept application order). */
  priority: number;
  /** Tie-break after priority. */
  loadOrder: number;
  subscriptions: EventSubscription[];
  /** Stream namespaces the plugin may emit to (the fence). */
  emits: string[];
  /** Events a handler returns may also go to the stream of the event it handled (PluginManifest.replyEmits). */
  replyEmits?: boolean;
  delivery: DeliverySettings;
  /** The event object is shared with other subscribers: treat it as read-only. */
  deliver(event: Event, options: BusDeliveryOptions): Promise<EventOutcome | undefined>;
  /**
   * Optional: several queued plain events in one call, one result per event
   * in order (see PluginInstance.handleEventBatch). Used when more than one
   * event is waiting; interceptions always go through `deliver`.
   */
  deliverBatch?(events: Event[], options: BatchDeliveryOptions): Promise<BatchItemResult[]>;
  /**
   * deliverBatch may be called again before the previous batch settled (the
   * subscriber runs batches in call order): the bus keeps up to two batches
   * in flight. See PluginInstance.pipelinedBatches.
   */
  pipelinedBatches?: boolean;
}

/** DeliveryOptions plus the moment the bus gives up, without creating the AbortSignal. */
export interface BusDeliveryOptions extends DeliveryOptions {
  /** `listener` runs once, with the abort reason, when the bus gives up on this delivery (timeout, removal). */
  onGiveUp?(listener: (reason: unknown) => void): void;
}

/** An event to publish; the bus assigns its id and timestamp. */
export interface PublishInput {
  stream: string;
  type: string;
  /** JSON; empty means "{}". */
  payload: string;
  actorKind: ActorKind;
  actorId: string;
  /** Offer to interceptors first (cancel/mutate). Default false. */
  cancellable?: boolean;
}

/** What publishing did: the stored event, or who cancelled it and why. */
export interface PublishResult {
  /** The stored event; absent when cancelled. */
  event?: Event;
  cancelled: boolean;
  cancelledBy?: string;
  reason?: string;
}

/** Where the bus reports per-plugin delivery outcomes (the host's Prometheus metrics). */
export interface BusMetrics {
  /** A delivery finished; `seconds` is how long it took. */
  delivered(plugin: string, seconds: number): void;
  /** `detail` says why (the operator console shows a plugin's last errors). */
  failed(plugin: string, detail?: BusErrorDetail): void;
  /** A delivery passed its deadline. */
  timedOut(plugin: string, detail?: BusErrorDetail): void;
  /** An event was dropped because the plugin's queue was full (overflow policy). */
  dropped(plugin: string): void;
}

/** Why a delivery failed: the plugin's handler, its deadline, or an event it emitted. */
export interface BusErrorDetail {
  kind: "delivery" | "timeout" | "emit";
  error?: unknown;
  /** The id of the event being handled. */
  event?: string;
}

/** One subscriber's counters since it was added, and its queue depth now. */
export interface SubscriberStats {
  delivered: number;
  /** Failed deliveries plus refused emitted events. */
  errors: number;
  timeouts: number;
  drops: number;
  queueDepth: number;
}

/** Publishes events, stores them and delivers them to subscribed plugins, intercepts first. */
export interface EventBus {
  /** Resolves after the event is stored and enqueued (after back-pressure under `block`). */
  publish(input: PublishInput): Promise<PublishResult>;
  /**
   * Fences every event first (throws the first refusal, publishing none),
   * then publishes them in order as ACTOR_KIND_PLUGIN / actorId = plugin.
   * `cause` defaults to the event the plugin is handling, if any. The plugin
   * must have been added with addSubscriber (its subscriptions may be empty).
   * `causeDepth` is the cause's depth when the bus did not route it itself
   * (a cluster singleton's durable delivery), for the echo-loop guard.
   */
  emitFromPlugin(plugin: string, events: EmitEventInit[], cause?: Event, causeDepth?: number): Promise<string[]>;
  /** Throws DUPLICATE_PLUGIN for a name already present. Returns a remover. */
  addSubscriber(subscriber: BusSubscriber): () => void;
  /** Stops deliveries (aborting the one in flight) and drops the queue. */
  removeSubscriber(name: string): Promise<void>;
  /** Every stored event whose stream matches the pattern, synchronously after the append. */
  watch(pattern: string, listener: (event: Event) => void): () => void;
  /** Resolves when every queue is empty and nothing is being published or delivered. */
  idle(): Promise<void>;
  /** Counters per subscriber, by plugin name. */
  stats(): Record<string, SubscriberStats>;
  /** Refuses new events; drain (default true) delivers what is queued first. */
  close(options?: { drain?: boolean }): Promise<void>;
  /**
   * Routes a stored event that arrived through the `transport` (cluster
   * mode) to this host's watchers and subscribers, as publish does without
   * one. Resolves once every queue took it (back-pressure), so a caller that
   * awaits each keeps the transport's order.
   */
  ingest(event: Event, depth: number): Promise<void>;
}

/**
 * Carries stored events between hosts (cluster mode, docs/scale-out.md).
 * With one, the bus hands each stored event to `publish` instead of routing
 * it; every host (this one too) routes what the transport delivers through
 * `EventBus.ingest`, so all hosts see one order per stream.
 */
export interface EventTransport {
  /** Resolves once the event is durably accepted (the publish then resolves). */
  publish(event: Event, depth: number): Promise<void>;
}

/** The store, logger and limits an event bus runs with. */
export interface EventBusOptions {
  store: EventStore;
  logger: Logger;
  /** Wait for intercept results, in ms (default 250). */
  interceptDeadlineMs?: number;
  /** Deepest allowed chain of emitted events (default 8). */
  maxEmitDepth?: number;
  metrics?: BusMetrics;
  /**
   * Most waiting events handed in one call to a subscriber with
   * deliverBatch (default 32; 1 turns batching off).
   */
  maxBatchSize?: number;
  /** Clock in Unix ms (default Date.now). */
  now?: () => number;
  /**
   * Runs first for every cancellable event, with its id already assigned:
   * the host's in-process validateEvent / filterEvent hooks (pluggy order).
   * A cancel stops the event; a changed payload is what interceptors see.
   */
  preIntercept?: (event: Event) => Promise<PreInterceptVerdict>;
  /** Cluster mode: stored events go here, not straight to the queues (see EventTransport). */
  transport?: EventTransport;
}

/** What the host's pre-intercept hooks decided for a cancellable event. */
export interface PreInterceptVerdict {
  cancelled: boolean;
  /** The (possibly changed) payload when not cancelled. */
  payload: string;
  by?: string;
  reason?: string;
}
