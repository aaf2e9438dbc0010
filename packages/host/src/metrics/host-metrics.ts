/**
 * Per-plugin metrics in Prometheus form: events delivered, errors, timeouts,
 * drops, queue depth and a delivery latency histogram. One registry per host
 * (never prom-client's global one), so two hosts in a process don't collide.
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { BusErrorDetail, BusMetrics } from "../events/event-bus.js";
import type { RestartReason } from "../plugins/runtime.js";
import { createRecentErrors, errorMessage, type RecentErrors } from "./recent-errors.js";

/** What the host knows of each loaded plugin's life, read on every scrape. */
export interface PluginLifeSample {
  uptimeSeconds: number;
  /** Restarts of the plugin's worker or process by its runtime (crash recovery), this instance. */
  restarts: number;
}

/** The host's Prometheus metrics (one registry per host) and what reports into them. */
export interface HostMetrics {
  readonly registry: Registry;
  /** What the event bus reports into. */
  readonly bus: BusMetrics;
  /** A command was dispatched to `plugin` and answered with `status`. */
  commandDispatched(plugin: string, status: string): void;
  /** A runtime restarted a plugin (process re-spawned, WASM instance re-created). */
  pluginRestarted(plugin: string, reason: RestartReason): void;
  /** A plugin's call into the host refused or failed with a coded error (plugin "" = not identified). */
  hostCallRefused(plugin: string, code: string): void;
  /** Values from plugins' metrics hooks, refreshed on every scrape. */
  setPluginCollector(collect: () => Record<string, Record<string, number>>): void;
  /** Each plugin's queue depth, read on every scrape (not set per event: publishing stays cheap). */
  setQueueDepthCollector(collect: () => Record<string, number>): void;
  /** Each loaded plugin's uptime and runtime restarts, read on every scrape. */
  setLifeCollector(collect: () => Record<string, PluginLifeSample>): void;
  /** Each plugin's last errors (newest first), for the operator console. */
  readonly recentErrors: RecentErrors;
}

/** A fresh metrics registry for one host. */
export function createHostMetrics(): HostMetrics {
  const registry = new Registry();
  const labelNames = ["plugin"] as const;
  const delivered = new Counter({
    name: "holomush_events_delivered_total",
    help: "Events delivered",
    labelNames,
    registers: [registry],
  });
  const failed = new Counter({
    name: "holomush_event_errors_total",
    help: "Failed deliveries and refused emits",
    labelNames,
    registers: [registry],
  });
  const timedOut = new Counter({
    name: "holomush_event_timeouts_total",
    help: "Deliveries that timed out",
    labelNames,
    registers: [registry],
  });
  const dropped = new Counter({
    name: "holomush_events_dropped_total",
    help: "Events dropped by a full queue",
    labelNames,
    registers: [registry],
  });
  let collectDepths: () => Record<string, number> = () => ({});
  new Gauge({
    name: "holomush_queue_depth",
    help: "Events waiting per plugin",
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      for (const [plugin, value] of Object.entries(collectDepths())) this.set({ plugin }, value);
    },
  });
  let collectLife: () => Record<string, PluginLifeSample> = () => ({});
  new Gauge({
    name: "holomush_plugin_uptime_seconds",
    help: "Seconds since the running instance of each plugin was loaded (a reload restarts it)",
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      for (const [plugin, life] of Object.entries(collectLife())) this.set({ plugin }, life.uptimeSeconds);
    },
  });
  new Gauge({
    name: "holomush_plugin_runtime_restarts",
    help: "Worker or process restarts of each plugin's running instance by its runtime",
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      for (const [plugin, life] of Object.entries(collectLife())) this.set({ plugin }, life.restarts);
    },
  });
  const recentErrors = createRecentErrors();
  const remember = (plugin: string, detail: BusErrorDetail | undefined, fallback: string) => {
    if (detail === undefined) return;
    recentErrors.record(plugin, {
      at: Date.now(),
      kind: detail.kind,
      message: detail.error === undefined ? fallback : errorMessage(detail.error),
      ...(detail.event === undefined ? {} : { event: detail.event }),
    });
  };
  const latency = new Histogram({
    name: "holomush_delivery_seconds",
    help: "Delivery latency per plugin",
    labelNames,
    buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [registry],
  });
  const commands = new Counter({
    name: "holomush_commands_total",
    help: "Commands dispatched by plugin and status",
    labelNames: ["plugin", "status"] as const,
    registers: [registry],
  });
  const restarts = new Counter({
    name: "holomush_plugin_restarts_total",
    help: "Plugin restarts by the runtime, by plugin and reason",
    labelNames: ["plugin", "reason"] as const,
    registers: [registry],
  });
  const refusals = new Counter({
    name: "holomush_plugin_refusals_total",
    help: "Plugin calls into the host refused or failed, by plugin and error code (plugin empty: no valid token)",
    labelNames: ["plugin", "code"] as const,
    registers: [registry],
  });
  let collect: () => Record<string, Record<string, number>> = () => ({});
  new Gauge({
    name: "holomush_plugin_metric",
    help: "Values reported by plugins' metrics hooks",
    labelNames: ["plugin", "metric"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [plugin, values] of Object.entries(collect())) {
        for (const [metric, value] of Object.entries(values)) this.set({ plugin, metric }, value);
      }
    },
  });

  return {
    registry,
    bus: {
      delivered(plugin, seconds) {
        delivered.inc({ plugin });
        latency.observe({ plugin }, seconds);
      },
      failed(plugin, detail) {
        failed.inc({ plugin });
        remember(plugin, detail, "failed");
      },
      timedOut(plugin, detail) {
        timedOut.inc({ plugin });
        remember(plugin, detail, "delivery timed out");
      },
      dropped: (plugin) => dropped.inc({ plugin }),
    },
    commandDispatched: (plugin, status) => commands.inc({ plugin, status }),
    pluginRestarted: (plugin, reason) => restarts.inc({ plugin, reason }),
    hostCallRefused: (plugin, code) => refusals.inc({ plugin, code }),
    setPluginCollector(collector) {
      collect = collector;
    },
    setQueueDepthCollector(collector) {
      collectDepths = collector;
    },
    setLifeCollector(collector) {
      collectLife = collector;
    },
    recentErrors,
  };
}
