/**
 * A singleton plugin on one node of a cluster. Every node loads this
 * stand-in (so every node knows the plugin's commands); the real instance
 * runs only on the node holding the plugin's lease. There it gets its events
 * from its durable consumer and answers commands for the other nodes over
 * NATS; elsewhere commands are relayed to it and bus deliveries are ignored
 * (the holder's durable consumer delivers each event once, cluster-wide).
 * Every call into the real instance goes through one queue, so the durable
 * consumer, relayed commands and local commands never overlap.
 */
import type { CommandRequest, Event, ServiceConfig } from "@holomush/proto";
import type { Subscription } from "@nats-io/transport-node";
import type { Logger } from "pino";
import type { EventBus } from "../events/bus-types.js";
import type {
  CallOptions,
  CommandResponseInit,
  DeliveryOptions,
  EventOutcome,
  PluginInstance,
  PluginRuntime,
  RuntimeLoadContext,
} from "../plugins/runtime.js";
import { relayCommand, serveCommands } from "./command-relay.js";
import type { DeliveryProgress } from "./delivery-progress.js";
import { relayingHostApi, serveFocusCalls } from "./focus-relay.js";
import type { NatsCluster } from "./nats-connection.js";
import { type SingletonConsumer, startSingletonConsumer } from "./singleton-consumer.js";
import type { LeaseBucket, SingletonLease } from "./singleton-lease.js";

export interface PlacementDeps {
  nats: NatsCluster;
  leases: LeaseBucket;
  progress: DeliveryProgress;
  bus: () => EventBus;
  logger: Logger;
  /** How long a relayed command may take, ms. */
  commandTimeoutMs: number;
  /** True when the session is connected to this node. */
  hasSession(sessionId: string): boolean;
  /**
   * The plugin's Init config, made when it starts here: a `storage: postgres`
   * plugin's database is provisioned (its role's password reset) only by its
   * holder, so a stand-in never invalidates the running instance's password.
   */
  serviceConfig(source: RuntimeLoadContext["source"]): Promise<ServiceConfig>;
}

const LOAD_TIMEOUT_MS = 30_000;

export function createPlacedInstance(
  inner: PluginRuntime,
  context: RuntimeLoadContext,
  deps: PlacementDeps,
): PluginInstance {
  const { manifest } = context.source;
  const plugin = manifest.name;
  const log = deps.logger.child({ plugin, node: deps.nats.nodeId });
  const tickMs = Math.max(100, Math.floor(deps.leases.ttlMs / 4));
  let real: PluginInstance | undefined;
  let lease: SingletonLease | undefined;
  let consumer: SingletonConsumer | undefined;
  let responder: Subscription | undefined;
  let focusServer: Subscription | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let busy = false;
  let queue: Promise<unknown> = Promise.resolve();

  /** Calls into the real instance, one at a time. */
  function serialized<T>(work: (instance: PluginInstance) => Promise<T>): Promise<T> {
    const run = queue.then(() => {
      if (real === undefined) throw new Error(`plugin ${plugin} stopped running on this node`);
      return work(real);
    });
    queue = run.catch(() => undefined);
    return run;
  }

  function callOptions(timeoutMs: number): CallOptions {
    return { deadlineMs: Date.now() + timeoutMs, signal: AbortSignal.timeout(timeoutMs) };
  }

  async function deliver(event: Event, depth: number): Promise<void> {
    const timeoutMs = manifest.delivery.timeoutMs;
    let outcome: EventOutcome | undefined;
    try {
      outcome = await serialized((instance) =>
        instance.handleEvent(event, { cancellable: false, ...callOptions(timeoutMs) }),
      );
    } catch (error) {
      log.warn({ err: error, event: event.id }, "event delivery failed");
      return;
    }
    if (outcome?.events?.length) {
      await deps
        .bus()
        .emitFromPlugin(plugin, outcome.events, event, depth)
        .catch((error: unknown) => log.warn({ err: error, cause: event.id }, "emitted events refused"));
    }
  }

  async function activate(held: SingletonLease): Promise<void> {
    const startedAt = performance.now();
    lease = held;
    // The lease can be lost while the plugin starts: check again before handing it anything.
    const stillHeld = () => {
      if (lease !== held || !held.held()) throw new Error("lease lost while starting");
    };
    let instance: PluginInstance | undefined;
    try {
      instance = await inner.load({
        ...context,
        host: relayingHostApi(context.host, deps.nats.nc, deps.hasSession, deps.commandTimeoutMs),
        signal: AbortSignal.timeout(LOAD_TIMEOUT_MS),
      });
      await instance.init?.(await deps.serviceConfig(context.source), callOptions(LOAD_TIMEOUT_MS));
      stillHeld();
      // Only now: no command or event may reach it before its Init.
      const running = instance;
      real = running;
      running.onFailure?.((reason) => {
        if (real !== running) return;
        log.warn({ reason }, "singleton failed here; giving its lease up so a node can take it over");
        void deactivate(`failed: ${reason}`, true);
      });
      consumer = await startSingletonConsumer(deps.nats, {
        plugin,
        subscriptions: manifest.events,
        lease: held,
        progress: deps.progress,
        deliver,
        logger: log,
        onFenced: () => void deactivate("fenced: lease not held", false),
      });
      responder = serveCommands(
        deps.nats.nc,
        plugin,
        (request) => serialized((i) => runCommand(i, request, deps.commandTimeoutMs)),
        log,
      );
      stillHeld();
      log.info(
        { lease: held.token, startMs: Math.round(performance.now() - startedAt) },
        "singleton plugin running on this node",
      );
    } catch (error) {
      log.error({ err: error }, "could not start the singleton here; giving its lease up");
      // Not handed over yet: deactivate does not know it.
      if (instance !== undefined && real !== instance) await instance.shutdown("start failed").catch(() => undefined);
      await deactivate("start failed", true);
      if (lease === held) lease = undefined;
    }
  }

  async function deactivate(why: string, release: boolean): Promise<void> {
    const instance = real;
    const held = lease;
    if (instance === undefined && held === undefined) return;
    real = undefined;
    lease = undefined;
    responder?.unsubscribe();
    responder = undefined;
    const stopping = consumer;
    consumer = undefined;
    await stopping?.stop().catch(() => undefined);
    await instance?.shutdown(why).catch((error: unknown) => log.warn({ err: error }, "singleton shutdown failed"));
    if (release) await held?.release();
    log.info({ why }, "singleton plugin stopped on this node");
  }

  async function tick(): Promise<void> {
    if (closed || busy || lease !== undefined) return;
    busy = true;
    try {
      const held = await deps.leases.tryAcquire(plugin, (why) => void deactivate(why, false));
      if (held !== undefined && !closed) await activate(held);
      else await held?.release();
    } finally {
      busy = false;
    }
  }

  return {
    interceptOnly: true,
    async init() {
      // Every node answers the singleton's focus calls for its own sessions, wherever the singleton runs.
      focusServer = serveFocusCalls(deps.nats.nc, plugin, context.host, deps.hasSession, log);
      await tick();
      timer = setInterval(() => void tick(), tickMs);
      timer.unref();
    },
    async handleEvent(event: Event, options: DeliveryOptions) {
      // Plain events come from the durable consumer; only interception is asked here, where the plugin runs.
      if (!options.cancellable || real === undefined) return undefined;
      return serialized((instance) => instance.handleEvent(event, options));
    },
    async handleCommand(request: CommandRequest, options: CallOptions) {
      if (real !== undefined) return serialized((instance) => runCommand(instance, request, options));
      return relayCommand(deps.nats.nc, plugin, request, Math.max(1, options.deadlineMs - Date.now()));
    },
    async save() {
      if (real !== undefined) await serialized(async (instance) => instance.save?.());
    },
    metrics() {
      return real?.metrics?.() ?? {};
    },
    async shutdown(reason) {
      closed = true;
      if (timer !== undefined) clearInterval(timer);
      focusServer?.unsubscribe();
      await deactivate(reason, true);
    },
  };
}

function runCommand(
  instance: PluginInstance,
  request: CommandRequest,
  options: CallOptions | number,
): Promise<CommandResponseInit> {
  if (instance.handleCommand === undefined) throw new Error("the plugin does not handle commands");
  const call =
    typeof options === "number" ? { deadlineMs: Date.now() + options, signal: AbortSignal.timeout(options) } : options;
  return instance.handleCommand(request, call);
}
