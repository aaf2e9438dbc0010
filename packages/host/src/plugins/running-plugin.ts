/** A plugin the manager knows about, and its externally visible status. */
import type { ManifestSource, PluginType } from "../manifest/manifest.js";
import type { PluginHostApi } from "./plugin-host-api.js";
import type { PluginInstance } from "./runtime.js";
import type { SerializedCaller } from "./serialized-calls.js";

export type PluginState = "running" | "failed" | "stopped";

export interface RunningPlugin {
  readonly source: ManifestSource;
  readonly instance: PluginInstance;
  /** Every call into the instance goes through here (one at a time). */
  readonly calls: SerializedCaller;
  readonly host: PluginHostApi;
  readonly loadOrder: number;
  state: PluginState;
  failure?: string;
}

export interface PluginStatus {
  name: string;
  version: string;
  type: PluginType;
  state: PluginState | "skipped";
  loadOrder: number;
  dir: string;
  /** Why it failed or was skipped. */
  error?: string;
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
    ...(plugin.failure === undefined ? {} : { error: plugin.failure }),
  };
}
