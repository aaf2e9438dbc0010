import type { Logger } from "pino";
import type { AdminOptions } from "../admin/admin-server.js";
import type { Authorizer } from "../auth/authorizer.js";
import type { CedarAuthorizerOptions } from "../auth/cedar-authorizer.js";
import type { ClusterOptions } from "../cluster/cluster-options.js";
import type { CommandRegistry } from "../commands/command-registry.js";
import type { SessionRegistry } from "../focus/session-registry.js";
import type { MetricsServerLimits } from "../metrics/metrics-server.js";
import type { PluginRuntime } from "../plugins/runtime.js";
import type { ServiceDirectory } from "../plugins/service-directory.js";
import type { EventStore } from "../storage/event-store.js";
import type { KvStore } from "../storage/kv-store.js";
import type { SchemaProvisioner } from "../storage/plugin-provisioner.js";
import type { CharacterStore } from "../world/character-store.js";
import type { LocationSpec, World } from "../world/world.js";

/** How createHost builds the host; every field has a default. */
export interface HostOptions {
  /** Plugin search paths (like KSI_PLUGIN_PATH). Default none. */
  pluginDirs?: string[];
  /**
   * Storage engines. Default: in-memory KV and history, no plugin databases.
   * Pass what `openStorage()` returns for PostgreSQL or PGlite: the host then
   * provisions a schema for each `storage: postgres` plugin (its connection
   * string goes into Init) and closes the storage when it stops.
   */
  storage?: {
    kv?: KvStore;
    events?: EventStore;
    /** Characters by name (stable ids across restarts). Default: in memory. */
    characters?: CharacterStore;
    provisioner?: SchemaProvisioner;
    /** Closes the storage engines; called when the host stops. */
    close?(): Promise<void>;
  };
  /**
   * Decides every command dispatch and plugin call. Default: the Cedar
   * authorizer (default deny; manifests and policies grant), configured by
   * `policy`. Pass createManifestAuthorizer(...) or your own to replace it.
   */
  authorizer?: Authorizer;
  /** Options for the default Cedar authorizer (trust grants, host policies, cache). */
  policy?: Omit<CedarAuthorizerOptions, "characters">;
  /** Default: pino at `logLevel`. */
  logger?: Logger;
  /** Default "info" (ignored when `logger` is given). */
  logLevel?: string;
  /**
   * Extra or replacement runtimes by type; in-process is always available.
   * A factory receives what the host owns (its service directory, its
   * logger) — e.g. `(host) => createProcessRuntime(host)`.
   */
  runtimes?: Array<PluginRuntime | RuntimeFactory>;
  /** The built-in world's locations. Default: a square, a tavern and a garden. */
  world?: readonly LocationSpec[];
  /** Serve Prometheus metrics on this port (0 = any free port). Default: off. */
  metricsPort?: number;
  /** Interface for the metrics server. Default 127.0.0.1. */
  metricsHost?: string;
  /** Connection cap and request timeouts of the metrics server (defaults: DEFAULT_METRICS_LIMITS). */
  metricsLimits?: Partial<MetricsServerLimits>;
  /**
   * Serve the operator console (docs/admin-console.md) once started. Default:
   * off. Binds 127.0.0.1 unless `host` says otherwise; behind an admin token.
   */
  admin?: AdminOptions;
  /** How long cancellable events wait for interceptors, ms. Default 250. */
  interceptDeadlineMs?: number;
  /** Per-command timeout, ms. Default 5 000. */
  commandTimeoutMs?: number;
  /** Idle time after which a session expires, ms. Default 30 minutes. */
  sessionTtlMs?: number;
  /**
   * Install process-wide `uncaughtException` / `unhandledRejection` handlers
   * that fail the in-process plugin a fault comes from instead of ending the
   * process (faults outside any plugin still end it, unless the embedder
   * listens too). Default true; false for embedders with their own handlers.
   */
  processFaultHandlers?: boolean;
  /**
   * Join a cluster of hosts through NATS JetStream (docs/scale-out.md):
   * events go through JetStream and reach every host's sessions and plugins.
   * Needs `storage` on a shared PostgreSQL. Default: off (in-memory bus).
   */
  cluster?: ClusterOptions;
}

/** What a runtime factory gets from the host it is created for. */
export interface RuntimeDeps {
  services: ServiceDirectory;
  logger: Logger;
  /** Counts a plugin request the runtime refused, by plugin ("" if unidentified) and error code. */
  refused(plugin: string, code: string): void;
  /** The host's authorizer, world, sessions and commands (the Lua runtime's capability globals use them). */
  authorizer?: Authorizer;
  world?: World;
  sessions?: SessionRegistry;
  commands?: CommandRegistry;
  /** Sends one line of text to a session's player. */
  tellSession?(sessionId: string, text: string): void;
  /** Closes a session as if its player quit. */
  disconnectSession?(sessionId: string): Promise<void>;
}

/** Builds a runtime from the host's parts, once they exist. */
export type RuntimeFactory = (deps: RuntimeDeps) => PluginRuntime;
