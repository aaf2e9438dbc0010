/** A plugin the manager knows about, and its externally visible status. */
import type { ManifestSource, PluginType } from "../manifest/manifest.js";
import type { PluginHostApi } from "./plugin-host-api.js";
import type { PluginInstance } from "./runtime.js";
import type { SerializedCaller } from "./serialized-calls.js";

/** Whether a loaded plugin is running, has failed, or was stopped. */
export type PluginState = "running" | "failed" | "stopped";

/** A plugin the manager has loaded: its manifest, instance, host API and state. */
export interface RunningPlugin {
  readonly source: ManifestSource;
  readonly instance: PluginInstance;
  /** Every call into the instance goes through here (one at a time). */
  readonly calls: SerializedCaller;
  readonly host: PluginHostApi;
  readonly loadOrder: number;
  state: PluginState;
  failure?: string;
  /** Unix ms when this instance was loaded (a reload starts a new one): the uptime's origin. */
  readonly startedAt: number;
}

/** A plugin's externally visible status (admin console, `plugins()`). */
export interface PluginStatus {
  name: string;
  version: string;
  type: PluginType;
  state: PluginState | "skipped";
  loadOrder: number;
  dir: string;
  /** Why it failed or was skipped. */
  error?: string;
  /** Unix ms when the running instance was loaded (absent when skipped). */
  startedAt?: number;
}

export function statusOf(plugin: RunningPlugin): PluginStatus {
  const { manifest, dir } = plugin.source;
  return {
    name: manifest.name,
    version: manifest.version,
    type: manifest.type,
    state: plugin.state,
    loadOrder: plugin.loadOrder,
    dir,
    startedAt: plugin.startedAt,
    ...(plugin.failure === undefined ? {} : { error: plugin.failure }),
  };
}

/**
 * The WASM and process runtimes count the restarts of a plugin's worker or
 * child in the instance's metrics; an in-process plugin's metrics are its
 * own (a value named "restarts" there means something else), so it has none.
 */
export function runtimeRestarts(plugin: RunningPlugin | undefined): number {
  if (plugin === undefined || plugin.source.manifest.type === "inproc") return 0;
  const restarts = plugin.instance.metrics?.().restarts;
  return typeof restarts === "number" && Number.isFinite(restarts) ? restarts : 0;
}
