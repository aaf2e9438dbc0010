import type { Logger } from "pino";
import type { Authorizer } from "../auth/authorizer.js";
import type { CedarAuthorizerOptions } from "../auth/cedar-authorizer.js";
import type { ClusterOptions } from "../cluster/cluster-options.js";
import type { CommandRegistry } from "../commands/command-registry.js";
import type { PublishInput, PublishResult } from "../events/event-bus.js";
import type { FocusCoordinator } from "../focus/focus-coordinator.js";
import type { FocusKindPolicy } from "../focus/focus-kind-registry.js";
import type { Session } from "../focus/session.js";
import type { SessionRegistry } from "../focus/session-registry.js";
import type { MetricsServerLimits } from "../metrics/metrics-server.js";
import type { PluginRuntime } from "../plugins/runtime.js";
import type { ServiceDirectory } from "../plugins/service-directory.js";
import type { EventStore } from "../storage/event-store.js";
import type { KvStore } from "../storage/kv-store.js";
import type { SchemaProvisioner } from "../storage/plugin-provisioner.js";
import type { CharacterStore } from "../world/character-store.js";
import type { WorldDirectory } from "../world/world-directory.js";
import type { HostService } from "./host-service.js";

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
  /**
   * The embedder's world as the engine needs it: who a connecting player is
   * and where characters are (sessions, authorization); its optional
   * methods back the Lua runtime's world globals. Default:
   * `createCharacterDirectory(storage.characters)` — every valid name is a
   * character with a stable id, placed in no location of yours
   * (UNPLACED_LOCATION_ID), and there are no rooms.
   */
  directory?: WorldDirectory;
  /**
   * What a focus membership means, one policy per focus kind (e.g.
   * `createSceneFocusKind()`). Default none: joining any kind is refused.
   */
  focusKinds?: FocusKindPolicy[];
  /**
   * Services the embedder offers plugins (owner `host`): plugins that
   * `require` them load after them. Default none.
   */
  services?: HostService[];
  /** What connecting and disconnecting announce (e.g. arrive/leave events). Default: nothing. */
  presence?: SessionPresence;
  /** Serve Prometheus metrics on this port (0 = any free port). Default: off. */
  metricsPort?: number;
  /** Interface for the metrics server. Default 127.0.0.1. */
  metricsHost?: string;
  /** Connection cap and request timeouts of the metrics server (defaults: DEFAULT_METRICS_LIMITS). */
  metricsLimits?: Partial<MetricsServerLimits>;
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

/** What a presence hook may use: the host's directory and its bus. */
export interface PresenceContext {
  /** The host's directory (the embedder's world). */
  directory: WorldDirectory;
  /** Publishes an event (as `host.publish`). */
  publish(input: PublishInput): Promise<PublishResult>;
}

/** The embedder's reaction to sessions opening and closing (the demo announces arrive and leave). */
export interface SessionPresence {
  /** After a session opened (its character is online). */
  connected?(session: Session, host: PresenceContext): Promise<void> | void;
  /** After a session closed. */
  disconnected?(session: Session, host: PresenceContext): Promise<void> | void;
}

/** What a runtime factory gets from the host it is created for. */
export interface RuntimeDeps {
  services: ServiceDirectory;
  logger: Logger;
  /** Counts a plugin request the runtime refused, by plugin ("" if unidentified) and error code. */
  refused(plugin: string, code: string): void;
  /** The host's authorizer, directory, sessions and commands (the Lua runtime's capability globals use them). */
  authorizer?: Authorizer;
  /** The embedder's world (the Lua runtime's world globals call its optional methods). */
  directory?: WorldDirectory;
  sessions?: SessionRegistry;
  commands?: CommandRegistry;
  /** The focus coordinator (the Lua runtime's on_session_subscribe joins sessions to scenes). */
  focus?: FocusCoordinator;
  /** Sends one line of text to a session's player. */
  tellSession?(sessionId: string, text: string): void;
  /** Closes a session as if its player quit. */
  disconnectSession?(sessionId: string): Promise<void>;
}

/** Builds a runtime from the host's parts, once they exist. */
export type RuntimeFactory = (deps: RuntimeDeps) => PluginRuntime;
