/**
 * Reads each plugin's delivery counters and latency buckets out of the
 * host's prom-client registry: the console shows the same numbers
 * Prometheus scrapes.
 */
import type { Registry } from "prom-client";
import type { CumulativeBucket } from "./latency-quantile.js";

export interface PluginCounters {
  delivered: number;
  errors: number;
  timeouts: number;
  drops: number;
  /** Delivery latency, cumulative, ascending `le`. */
  buckets: CumulativeBucket[];
}

const COUNTERS = {
  delivered: "holomush_events_delivered_total",
  errors: "holomush_event_errors_total",
  timeouts: "holomush_event_timeouts_total",
  drops: "holomush_events_dropped_total",
} as const;
const LATENCY = "holomush_delivery_seconds";

export async function readPluginCounters(registry: Registry): Promise<Map<string, PluginCounters>> {
  const result = new Map<string, PluginCounters>();
  const entry = (plugin: string) => {
    let counters = result.get(plugin);
    if (counters === undefined) {
      counters = { delivered: 0, errors: 0, timeouts: 0, drops: 0, buckets: [] };
      result.set(plugin, counters);
    }
    return counters;
  };
  for (const [field, name] of Object.entries(COUNTERS) as Array<[keyof typeof COUNTERS, string]>) {
    const metric = await registry.getSingleMetric(name)?.get();
    for (const value of metric?.values ?? []) {
      const plugin = value.labels.plugin;
      if (typeof plugin === "string") entry(plugin)[field] = value.value;
    }
  }
  const histogram = await registry.getSingleMetric(LATENCY)?.get();
  for (const value of histogram?.values ?? []) {
    const plugin = value.labels.plugin;
    const le = value.labels.le;
    if (
      typeof plugin !== "string" ||
      le === undefined ||
      !String((value as { metricName?: string }).metricName).endsWith("_bucket")
    )
      continue;
    entry(plugin).buckets.push({ le: le === "+Inf" ? Number.POSITIVE_INFINITY : Number(le), count: value.value });
  }
  for (const counters of result.values()) counters.buckets.sort((a, b) => a.le - b.le);
  return result;
}
