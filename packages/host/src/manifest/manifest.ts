/**
 * The normalised shape of a plugin.yaml after validation. YAML keys are
 * kebab-case (`binary-plugin`, `queue-size`); here they are camelCase and
 * every optional section has its default filled in.
 */
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
  /** Stream pattern per seed 000 (`location:*`, `*`, exact names). */
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

/** The `wasm-plugin:` section of a `type: wasm` plugin. */
export interface WasmPluginSection {
  /** Path of the .wasm module, relative to the plugin directory. */
  module: string;
  /** Linear memory cap in 64 KiB pages (default 256 = 16 MiB). */
  maxMemoryPages: number;
  /** Per-call timeout in ms (default: the delivery timeout). */
  timeoutMs: number;
  /** WASI directories granted (host path relative to the plugin dir -> guest path). Default none. */
  allowedPaths: Record<string, string>;
  /** Hosts the guest may reach over HTTP. Default none. */
  allowedHosts: string[];
  /**
   * `extism:host/user` functions granted to the guest (`emit`, `log`, `kv_get`, `kv_set`,
   * `kv_delete`, `kv_list`, `query_history`). Undefined means `["log"]`.
   */
  hostFunctions?: string[];
}

/** The `binary-plugin:` section of a `type: binary` (process) plugin. */
export interface BinaryPluginSection {
  /** Executable relative to the plugin directory; absent means the plugin dials in itself. */
  executable?: string;
  /** Arguments passed to the executable. Default none. */
  args: string[];
  /** Environment variables added for the process. Default none. */
  env: Record<string, string>;
  /** Working directory relative to the plugin directory (default: the plugin directory). */
  workDir?: string;
}

/** The `lua-plugin:` section of a `type: lua` plugin. */
export interface LuaPluginSection {
  /** Entry script relative to the plugin directory. */
  entry: string;
  /** Memory cap per Lua state in bytes (default 32 MiB). */
  maxMemoryBytes: number;
  /** Per-call budget in ms (default: the delivery timeout). */
  timeoutMs: number;
  /** `fresh` (default): a new Lua state per call, as HoloMUSH does; `persistent`: one reused state. */
  state: "fresh" | "persistent";
}

/** The `inproc-plugin:` section of a `type: inproc` plugin loaded from a directory. */
export interface InprocPluginSection {
  /** JS module (relative to the plugin dir) whose default or `plugin` export is the plugin object. */
  module: string;
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
