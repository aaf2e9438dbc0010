/**
 * The seam between the host core and the plugin runtimes (in-process, WASM,
 * process). A runtime turns a validated manifest into a PluginInstance; the
 * host core owns ordering, queues, timeouts and authorization around it.
 */
import type {
  CommandRequest,
  CommandResponseInit,
  EmitEventInit,
  Event,
  EventResultInit,
  ServiceConfig,
} from "@holomush/proto";
import type { Logger } from "pino";
import type { ManifestSource, PluginType } from "../manifest/manifest.js";
import type { PluginHostApi } from "./plugin-host-api.js";

// The *Init shapes (a plain object or a generated message) are @holomush/proto's.
export type { CommandResponseInit, EmitEventInit, EventResultInit };

/** What a plugin returns for one delivered event. */
export interface EventOutcome {
  /** Events to publish with the plugin as actor (through the emit fence). */
  events?: EmitEventInit[];
  /** For cancellable (intercepted) events: cancel or mutate. */
  result?: EventResultInit;
}

/** How one event is delivered: whether it is cancellable, the deadline and the abort signal. */
export interface DeliveryOptions {
  /** True when the event is offered for interception (cancel/mutate). */
  cancellable: boolean;
  /** Unix ms after which the host stops waiting. */
  deadlineMs: number;
  /** Aborted when the host gives up on this call. */
  signal: AbortSignal;
  /**
   * Given only with pipelined delivery (PluginInstance.pipelinedBatches):
   * call it once this call holds its place in the instance's call order
   * (submitted to its FIFO). The host hands over nothing behind it before.
   */
  queued?(): void;
  /**
   * When given: `listener` runs once, with the reason, when the host gives
   * up on this call (the moment `signal` aborts), without building the
   * signal, whose AbortController costs more than some whole deliveries.
   */
  onGiveUp?(listener: (reason: unknown) => void): void;
}

/**
 * A run of queued plain events handed over in one call (never intercepted
 * ones: those keep handleEvent and their own deadline).
 */
export interface BatchDeliveryOptions {
  /**
   * Each event's own budget in ms, counted from when the instance starts it
   * (the per-event timeout, docs/architecture.md). An event that overruns it fails alone
   * with PLUGIN_TIMEOUT; the events after it are still delivered.
   */
  timeoutMs: number;
  /** Unix ms after which the host stops waiting for the whole batch (the outer guard). */
  deadlineMs: number;
  /** Aborted when the host gives up on the whole batch. */
  signal: AbortSignal;
  /** As DeliveryOptions.onGiveUp, for the whole batch. */
  onGiveUp?(listener: (reason: unknown) => void): void;
  /**
   * Given only with pipelined delivery (PluginInstance.pipelinedBatches):
   * call it once this call holds its place in the instance's call order
   * (submitted to its FIFO). The host hands over nothing behind it before.
   */
  queued?(): void;
}

/** One event's answer within a batch, at the event's index. */
export type BatchItemResult =
  | {
      ok: true;
      outcome: EventOutcome | undefined;
      /** The instance's own measure of this event's handling time (metrics); optional. */
      elapsedMs?: number;
    }
  | { ok: false; error: unknown };

/** The deadline and abort signal of one call into a plugin. */
export interface CallOptions {
  deadlineMs: number;
  signal: AbortSignal;
}

/** A loaded plugin as the host core drives it. Calls are never concurrent per instance. */
export interface PluginInstance {
  /** Called once after every plugin is loaded (the lifecycle's initialize). */
  init?(config: ServiceConfig, options: CallOptions): Promise<void>;
  /** Handles one delivered event; may return events to publish and, for cancellable events, a result. */
  handleEvent(event: Event, options: DeliveryOptions): Promise<EventOutcome | undefined>;
  /**
   * Optional: several plain events in one call, so a busy plugin pays one
   * trip (to its worker, over its stream) per batch instead of per event.
   * The guest must still see them one at a time, strictly in order; the
   * instance enforces `timeoutMs` per event and answers with one result per
   * event, in the same order. A failed or timed-out event must not fail its
   * neighbours. Instances without it get every event through handleEvent.
   */
  handleEventBatch?(events: Event[], options: BatchDeliveryOptions): Promise<BatchItemResult[]>;
  /**
   * True when handleEventBatch may be called again before the previous batch
   * settled: the instance queues batches and runs them strictly in call
   * order, one event at a time (the WASM worker's FIFO), and handleEvent for
   * plain events may be followed the same way. The host then keeps the next
   * batch waiting at the instance while one runs, so the instance never
   * idles between batches. The instance reports each call's place in its
   * order with `options.queued()`; nothing is handed over behind a call
   * before that.
   */
  readonly pipelinedBatches?: boolean;
  /**
   * True for a cluster singleton's stand-in (docs/scale-out.md): its plain
   * events come from its own durable consumer, so the bus offers it only
   * interceptions.
   */
  readonly interceptOnly?: boolean;
  /** Answers one of the plugin's declared commands. */
  handleCommand?(request: CommandRequest, options: CallOptions): Promise<CommandResponseInit>;
  /** Persist state (the lifecycle's save hook). */
  save?(): Promise<void>;
  /** State to carry across a reload (bastproxy's attributes_to_save_on_reload). */
  snapshotState?(): Promise<Record<string, unknown>> | Record<string, unknown>;
  /** Restore what snapshotState returned in the previous instance. */
  restoreState?(state: Record<string, unknown>): Promise<void> | void;
  /** Extra metrics for the host's metrics hook. */
  metrics?(): Record<string, number>;
  /** Graceful stop; the host enforces the grace period. */
  shutdown(reason: string): Promise<void>;
  /**
   * Lets the host observe a crash/restart so it can mark the plugin failed.
   * Runtimes call the listener with a reason when the instance becomes unusable.
   */
  onFailure?(listener: (reason: string) => void): void;
  /**
   * Lets the host count restarts: runtimes call the listener each time they
   * restart the instance (a process re-spawned, a WASM instance re-created).
   */
  onRestart?(listener: (reason: RestartReason) => void): void;
}

/**
 * Why a runtime restarted a plugin: a small fixed set (a metric label; the
 * log line carries the details). crashed: the process or its connection
 * ended (exit, signal, dropped stream: whichever the host saw first);
 * unresponsive: no Pong in time; start_failed: a restart attempt failed and
 * is tried again; timeout: a WASM call overran and its worker was replaced;
 * worker_lost: a WASM worker died under it.
 */
export type RestartReason = "crashed" | "unresponsive" | "start_failed" | "timeout" | "worker_lost";

/** What a runtime gets to load one plugin: its manifest, its bound host API, a logger and an abort signal. */
export interface RuntimeLoadContext {
  source: ManifestSource;
  /** The host API bound to this plugin's identity. */
  host: PluginHostApi;
  logger: Logger;
  signal: AbortSignal;
  /** Position in the dependency load order (0 first); tie-break for hook order. */
  loadOrder?: number;
}

/**
 * A runtime's load-time checks that need no instance (files, module imports,
 * grants): throws the HostError `load()` would. `load()` runs the same
 * function, and `holomush-host validate` runs it without loading, so
 * validation cannot pass what `run` refuses.
 */
export type LoadCheck = (source: ManifestSource) => Promise<void>;

/** Turns a validated manifest into a running PluginInstance (one runtime per plugin type). */
export interface PluginRuntime {
  readonly type: PluginType;
  /** Validate and instantiate; refuse a bad plugin here, not at the first call. */
  load(context: RuntimeLoadContext): Promise<PluginInstance>;
  /**
   * How long load() may take for this plugin when that is longer than the
   * host's init timeout (a dial-in plugin waits for its operator); undefined
   * keeps the host's.
   */
  loadTimeoutMs?(source: ManifestSource): number | undefined;
  /** Release shared resources (workers, servers) when the host stops. */
  close?(): Promise<void>;
}
