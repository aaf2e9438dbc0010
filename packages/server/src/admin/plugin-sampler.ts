/**
 * Samples every plugin's counters once a second and keeps the last five
 * minutes, so the console can show rates (events/s, errors/s), windowed
 * latency quantiles and a small time series without Prometheus.
 */
import type { Host } from "@holomush/host";
import { runtimeRestarts } from "@holomush/host";
import { bucketDelta, histogramQuantile } from "./latency-quantile.js";
import { type PluginCounters, readPluginCounters } from "./plugin-counters.js";

export interface PluginRow {
  name: string;
  version: string;
  runtime: string;
  state: string;
  /** Seconds since this instance was loaded; absent when not running. */
  uptimeSeconds?: number;
  restarts: number;
  eventsPerSecond: number;
  errorsPerSecond: number;
  delivered: number;
  errors: number;
  timeouts: number;
  drops: number;
  queueDepth: number;
  /** Over the rate window; absent without deliveries in it. */
  p50Ms?: number;
  p99Ms?: number;
  error?: string;
}

export interface SeriesPoint {
  /** Unix ms. */
  t: number;
  eventsPerSecond: number;
  errorsPerSecond: number;
  p50Ms?: number;
  p99Ms?: number;
}

interface Sample {
  t: number;
  counters: Map<string, PluginCounters>;
}

export interface PluginSampler {
  rows(): PluginRow[];
  series(plugin: string): SeriesPoint[];
  /** Takes a sample now (also called by the timer). */
  sample(): Promise<void>;
  onSample(listener: () => void): () => void;
  stop(): void;
}

export const SAMPLE_INTERVAL_MS = 1000;
/** Rates and quantiles in the table cover this long. */
export const RATE_WINDOW_MS = 10_000;
const KEEP_SAMPLES = 300;

export function createPluginSampler(host: Host, intervalMs = SAMPLE_INTERVAL_MS): PluginSampler {
  const samples: Sample[] = [];
  const listeners = new Set<() => void>();
  let sampling = false;

  async function sample() {
    if (sampling) return;
    sampling = true;
    try {
      samples.push({ t: Date.now(), counters: await readPluginCounters(host.metrics.registry) });
      if (samples.length > KEEP_SAMPLES) samples.shift();
    } finally {
      sampling = false;
    }
    for (const listener of listeners) listener();
  }
  const timer = setInterval(() => void sample().catch(() => undefined), intervalMs);
  timer.unref();

  /** Rates and quantiles of one plugin between two samples. */
  function between(plugin: string, from: Sample | undefined, to: Sample) {
    const later = to.counters.get(plugin);
    const earlier = from?.counters.get(plugin);
    const seconds = from === undefined ? 0 : (to.t - from.t) / 1000;
    if (later === undefined || seconds <= 0) return { eventsPerSecond: 0, errorsPerSecond: 0 };
    const rate = (field: "delivered" | "errors") => Math.max(0, later[field] - (earlier?.[field] ?? 0)) / seconds;
    const delta = bucketDelta(later.buckets, earlier?.buckets);
    const ms = (q: number) => {
      const value = histogramQuantile(q, delta);
      return value === undefined ? {} : { [q === 0.5 ? "p50Ms" : "p99Ms"]: value * 1000 };
    };
    return { eventsPerSecond: rate("delivered"), errorsPerSecond: rate("errors"), ...ms(0.5), ...ms(0.99) };
  }

  function windowStart(latest: Sample): Sample | undefined {
    return samples.find((candidate) => latest.t - candidate.t <= RATE_WINDOW_MS && candidate !== latest);
  }

  return {
    sample,
    rows() {
      const latest = samples.at(-1);
      const stats = host.bus.stats();
      const now = Date.now();
      return host.plugins.list().map((status) => {
        const counters = latest?.counters.get(status.name);
        const running = status.state === "running" && status.startedAt !== undefined;
        return {
          name: status.name,
          version: status.version,
          runtime: status.type,
          state: status.state,
          ...(running ? { uptimeSeconds: Math.max(0, (now - (status.startedAt ?? now)) / 1000) } : {}),
          restarts: runtimeRestarts(host.plugins.get(status.name)),
          delivered: counters?.delivered ?? 0,
          errors: counters?.errors ?? 0,
          timeouts: counters?.timeouts ?? 0,
          drops: counters?.drops ?? 0,
          queueDepth: stats[status.name]?.queueDepth ?? 0,
          ...(latest === undefined
            ? { eventsPerSecond: 0, errorsPerSecond: 0 }
            : between(status.name, windowStart(latest), latest)),
          ...(status.error === undefined ? {} : { error: status.error }),
        };
      });
    },
    series(plugin) {
      return samples.slice(1).map((to, index) => ({ t: to.t, ...between(plugin, samples[index], to) }));
    },
    onSample(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      clearInterval(timer);
      listeners.clear();
    },
  };
}
