/**
 * The normalised shape of a plugin.yaml after validation. YAML keys are
 * kebab-case (`binary-plugin`, `queue-size`); here they are camelCase and
 * every optional section has its default filled in. The definition they are
 * read from is manifest-schema.ts; each runtime's section type lives with it
 * in the runtime's folder.
 */
import type { InprocPluginSection } from "../inproc/inproc-manifest-section.js";
import type { LuaPluginSection } from "../runtimes/lua/lua-manifest-section.js";
import type { BinaryPluginSection } from "../runtimes/process/binary-manifest-section.js";
import type { WasmPluginSection } from "../runtimes/wasm/wasm-manifest-section.js";

export type { BinaryPluginSection, InprocPluginSection, LuaPluginSection, WasmPluginSection };

/** The plugin types a manifest may declare (`type`), one per runtime. */
export const PLUGIN_TYPES = ["wasm", "binary", "lua", "inproc"] as const;
/** One of PLUGIN_TYPES. */
export type PluginType = (typeof PLUGIN_TYPES)[number];

/** The scopes a command capability may have (see docs/authorization.md). */
export const CAPABILITY_SCOPES = ["local", "self", "global"] as const;
/** One of CAPABILITY_SCOPES. */
export type CapabilityScope = (typeof CAPABILITY_SCOPES)[number];

/** What a plugin's full event queue does: `block` the publisher or `drop` the event. */
export const OVERFLOW_POLICIES = ["block", "drop"] as const;
/** One of OVERFLOW_POLICIES. */
export type OverflowPolicy = (typeof OVERFLOW_POLICIES)[number];

/** A capability a command requires of its invoker, beyond `execute` on the command itself. */
export interface CommandCapability {
  /** The action, e.g. `write`. */
  action: string;
  /** The resource, e.g. `scene`. */
  resource: string;
  /** Where it applies. */
  scope: CapabilityScope;
}

/** A command the plugin answers (`commands:`). */
export interface CommandDeclaration {
  /** The command's name, as typed. */
  name: string;
  /** One-line help. */
  help: string;
  /** The usage line. */
  usage: string;
  /** Other names for the command. */
  aliases: string[];
  /** Capabilities the invoker needs, all of them. */
  capabilities: CommandCapability[];
  /** Long help (HoloMUSH's `helpText`, or the contents of `helpFile`). */
  helpText?: string;
}

/** A HoloMUSH capability grant (`requires: - capability: <token>`); the Lua runtime injects its global. */
export interface HostCapabilityGrant {
  token: string;
  /** `read` refuses the capability's write methods. Default: both. */
  access?: "read" | "write";
  optional: boolean;
}

/** A subscription to events (`events:`). */
export interface EventSubscription {
  /** Stream pattern, docs/events.md (`location:*`, `*`, exact names). */
  stream: string;
  /** Event types wanted; empty means every type. */
  types: string[];
  /** Also receive matching cancellable events first, to cancel or mutate them. */
  intercept: boolean;
}

/** Another plugin this one needs loaded first (`dependencies:`). */
export interface PluginDependency {
  name: string;
  /** Semver range the dependency's version must satisfy (default `*`). */
  version: string;
  /** A missing optional dependency is skipped instead of failing the load. */
  optional: boolean;
}

/** A Cedar policy the plugin ships (`policies:`). */
export interface PolicyDeclaration {
  name: string;
  /** Cedar policy text. */
  policy: string;
}

/** How events are delivered to the plugin (`delivery:`). */
export interface DeliverySettings {
  /** Bounded per-plugin queue length (default 256). */
  queueSize: number;
  /** What happens when the queue is full (default `drop`). */
  overflow: OverflowPolicy;
  /** Per-delivery timeout in ms (default 5000). */
  timeoutMs: number;
}

/** A validated plugin.yaml, camelCase, with every default filled in. */
export interface PluginManifest {
  name: string;
  version: string;
  type: PluginType;
  description: string;
  requires: string[];
  /** HoloMUSH capability grants from `requires` entries of the form `{capability: <token>}`. */
  hostCapabilities?: HostCapabilityGrant[];
  provides: string[];
  storage: "kv" | "postgres";
  commands: CommandDeclaration[];
  policies: PolicyDeclaration[];
  /** Stream namespaces (text before the first `:`) the plugin may emit to. */
  emits: string[];
  events: EventSubscription[];
  dependencies: PluginDependency[];
  /** Lower runs first (bastproxy convention); default 50. Tie-break after dependency order. */
  priority: number;
  config: Record<string, unknown>;
  delivery: DeliverySettings;
  /**
   * Set for a `type: lua` manifest without an `emits` key (HoloMUSH's form):
   * events an `on_event` handler returns may go to the stream of the event
   * it is handling, and nowhere else (docs/lua.md, "Emit rights").
   */
  replyEmits?: boolean;
  /** HoloMUSH's `session_streams: true` on a `type: lua` manifest: on_session_subscribe is called when a session opens. */
  sessionStreams?: boolean;
  /** HoloMUSH `policies[].dsl` texts by name: kept for reference, not installed (docs/lua.md). */
  foreignPolicies?: Record<string, string>;
  wasmPlugin?: WasmPluginSection;
  binaryPlugin?: BinaryPluginSection;
  luaPlugin?: LuaPluginSection;
  inprocPlugin?: InprocPluginSection;
}

/** A manifest together with where it came from. */
export interface ManifestSource {
  manifest: PluginManifest;
  /** Absolute path of the plugin.yaml (for a registered plugin, a label naming it in errors). */
  file: string;
  /** Absolute path of the plugin directory. */
  dir: string;
  /**
   * The embedder registered this plugin (`host.registerPlugin`) with its
   * manifest as an object: there is no plugin.yaml to re-read on reload, and
   * an in-process plugin's object comes with it instead of `inproc-plugin.module`.
   */
  registered?: true;
}
