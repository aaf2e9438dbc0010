/**
 * attach/detach: what it means for a running plugin to be part of the host —
 * a bus subscriber (its queue, its subscriptions), its commands in the
 * registry, its provided services in the directory.
 */
import type { CommandRegistry } from "../commands/command-registry.js";
import { HostError, HostErrorCode } from "../errors.js";
import type { BusSubscriber, EventBus } from "../events/event-bus.js";
import type { RunningPlugin } from "../plugins/running-plugin.js";
import type { ServiceDirectory } from "../plugins/service-directory.js";

export interface PluginWiring {
  attach(plugin: RunningPlugin): Promise<void>;
  detach(plugin: RunningPlugin): Promise<void>;
  /** A failed plugin: no more events or service calls, but its commands stay so players hear why. */
  suspend(plugin: RunningPlugin): Promise<void>;
}

// The bus queue's timeout is authoritative (its abort ends the call at once);
// the caller's own timeout is only a backstop.
const CALLER_SLACK_MS = 50;

export function createPluginWiring(deps: { bus: EventBus; commands: CommandRegistry; services: ServiceDirectory }) {
  /**
   * A batch is ONE serialized call, so a command can run before or after a
   * batch but never between its events. The caller's backstop covers the
   * queue's whole-batch guard (items × per-event timeout).
   */
  function batchDelivery(plugin: RunningPlugin): Pick<BusSubscriber, "deliverBatch" | "pipelinedBatches"> {
    const { instance } = plugin;
    const handleEventBatch = instance.handleEventBatch?.bind(instance);
    if (handleEventBatch === undefined) return {};
    const timeoutMs = plugin.source.manifest.delivery.timeoutMs;
    // Pipelined batches overlap in the serialized caller (the instance orders
    // them); a later one's guard also covers the batch still running before it.
    const pipelined = instance.pipelinedBatches === true;
    const order = { pipelined };
    return {
      deliverBatch: (events, options) => {
        const { onGiveUp } = options;
        // As deliver below: the queue's batch guard is the deadline and the abort.
        if (onGiveUp !== undefined)
          return plugin.calls.guarded(() => handleEventBatch(events, options), onGiveUp, order);
        return plugin.calls.call(
          `${events.length} events`,
          Math.max(events.length * timeoutMs, options.deadlineMs - Date.now()) + CALLER_SLACK_MS,
          (signal, deadlineMs) =>
            handleEventBatch(events, { ...options, deadlineMs: Math.min(deadlineMs, options.deadlineMs), signal }),
          options.signal,
          order,
        );
      },
      ...(pipelined ? { pipelinedBatches: true } : {}),
    };
  }

  function subscriberFor(plugin: RunningPlugin): BusSubscriber {
    const { manifest } = plugin.source;
    // A plain event may be handed over while a pipelined batch runs (the
    // queue pipelines it only when nothing else is in flight, or as a batch).
    const pipelined = plugin.instance.pipelinedBatches === true;
    return {
      name: manifest.name,
      priority: manifest.priority,
      loadOrder: plugin.loadOrder,
      // In-process interception runs from the hook registry (pluggy order)
      // before the bus asks other runtimes; see inproc/hook-spec.ts. A cluster
      // singleton's stand-in gets its plain events from JetStream instead.
      subscriptions:
        manifest.type === "inproc"
          ? plugin.instance.interceptOnly
            ? []
            : manifest.events.map((s) => ({ ...s, intercept: false }))
          : manifest.events.filter((s) => s.intercept || plugin.instance.interceptOnly !== true),
      emits: manifest.emits,
      ...(manifest.replyEmits ? { replyEmits: true } : {}),
      delivery: manifest.delivery,
      deliver: (event, options) => {
        const order = { pipelined: pipelined && !options.cancellable };
        const { onGiveUp } = options;
        if (onGiveUp !== undefined) {
          // The queue's guard is the deadline and the abort: no second timer.
          // The options go on as they are (their signal stays lazy: most
          // plugins never read it).
          return plugin.calls.guarded(() => plugin.instance.handleEvent(event, options), onGiveUp, order);
        }
        return plugin.calls.call(
          `event ${event.type}`,
          manifest.delivery.timeoutMs + CALLER_SLACK_MS,
          (signal, deadlineMs) =>
            plugin.instance.handleEvent(event, {
              ...options,
              deadlineMs: Math.min(deadlineMs, options.deadlineMs),
              signal,
            }),
          options.signal,
          order,
        );
      },
      ...batchDelivery(plugin),
    };
  }

  return {
    async attach(plugin) {
      const { manifest, file } = plugin.source;
      if (manifest.commands.length > 0 && plugin.instance.handleCommand === undefined) {
        throw new HostError(
          HostErrorCode.PLUGIN_LOAD_FAILED,
          `plugin ${manifest.name} declares commands but does not handle commands`,
          { plugin: manifest.name, file, field: "commands" },
        );
      }
      deps.commands.register(manifest.name, manifest.commands);
      try {
        deps.bus.addSubscriber(subscriberFor(plugin));
      } catch (error) {
        deps.commands.unregister(manifest.name);
        throw error;
      }
    },
    async detach(plugin) {
      const name = plugin.source.manifest.name;
      deps.commands.unregister(name);
      deps.services.unregisterOwner(name);
      await deps.bus.removeSubscriber(name);
    },
    async suspend(plugin) {
      const name = plugin.source.manifest.name;
      deps.services.unregisterOwner(name);
      await deps.bus.removeSubscriber(name);
    },
  } satisfies PluginWiring;
}
