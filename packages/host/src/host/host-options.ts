import type { Logger } from "pino";
import type { Authorizer } from "../auth/authorizer.js";
import type { PluginRuntime } from "../plugins/runtime.js";
import type { EventStore } from "../storage/event-store.js";
import type { KvStore } from "../storage/kv-store.js";
import type { LocationSpec } from "../world/world.js";

export interface HostOptions {
  /** Plugin search paths (like KSI_PLUGIN_PATH). Default none. */
  pluginDirs?: string[];
  /** Storage engines. Default: in-memory KV and history. */
  storage?: { kv?: KvStore; events?: EventStore };
  /** Default: allow what each manifest declares (createManifestAuthorizer). */
  authorizer?: Authorizer;
  /** Default: pino at `logLevel`. */
  logger?: Logger;
  /** Default "info" (ignored when `logger` is given). */
  logLevel?: string;
  /** Extra or replacement runtimes by type; in-process is always available. */
  runtimes?: PluginRuntime[];
  /** The built-in world's locations. Default: a square, a tavern and a garden. */
  world?: readonly LocationSpec[];
  /** Serve Prometheus metrics on this port (0 = any free port). Default: off. */
  metricsPort?: number;
  /** Interface for the metrics server. Default 127.0.0.1. */
  metricsHost?: string;
  /** How long cancellable events wait for interceptors, ms. Default 250. */
  interceptDeadlineMs?: number;
  /** Per-command timeout, ms. Default 5 000. */
  commandTimeoutMs?: number;
  /** Idle time after which a session expires, ms. Default 30 minutes. */
  sessionTtlMs?: number;
}
