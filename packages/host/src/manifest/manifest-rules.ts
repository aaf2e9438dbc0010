/**
 * The plugin.yaml naming rules and defaults, shared by the validator and kept
 * in step with schema/plugin.schema.json (docs/manifest.md).
 */
import type { DeliverySettings } from "./manifest.js";

/** Plugin name: lowercase, digits, single hyphens between them; starts with a letter. */
export const PLUGIN_NAME_PATTERN = /^[a-z](-?[a-z0-9])*$/;
export const PLUGIN_NAME_MAX_LENGTH = 64;

/** Command name or alias: a letter, then up to 19 of [a-z0-9_-]. */
export const COMMAND_NAME_PATTERN = /^[a-z][a-z0-9_-]{0,19}$/;
/** An alias: a command name, or one punctuation character typed as a prefix (`"hi`, `:waves`, `;'s`). */
export const ALIAS_PATTERN = /^(?:[a-z][a-z0-9_-]{0,19}|[!-/:-@[-`{-~])$/;

/** Fully-qualified proto service: lowercase dotted package, PascalCase service. */
export const SERVICE_NAME_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*\.[A-Z][A-Za-z0-9]*$/;

/** Capability action, policy name. */
export const IDENTIFIER_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Capability resource: identifiers joined by `:` (`scene`, `location:exit`). */
export const RESOURCE_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*(:[A-Za-z_][A-Za-z0-9_-]*)*$/;
export const IDENTIFIER_MAX_LENGTH = 64;

/** Stream namespace a plugin may emit to (the text before the first `:`). */
export const STREAM_NAMESPACE_PATTERN = /^[a-z][a-z0-9_-]*$/;
/** Event type name; `:` allows plugin-qualified types (`core-communication:say`, HoloMUSH's form). */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_.:-]*$/;
export const EVENT_TYPE_MAX_LENGTH = 64;
/** Stream pattern (docs/events.md): any text without whitespace, possibly empty. */
export const STREAM_PATTERN_PATTERN = /^\S*$/;

/** Environment variable names for binary plugins. */
export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const DEFAULT_PRIORITY = 50;
export const PRIORITY_RANGE = { min: 0, max: 100 } as const;
export const QUEUE_SIZE_RANGE = { min: 1, max: 65536 } as const;
export const TIMEOUT_MS_RANGE = { min: 1, max: 60000 } as const;
export const MEMORY_PAGES_RANGE = { min: 1, max: 65536 } as const;
export const DEFAULT_MAX_MEMORY_PAGES = 256;
/** Memory cap per Lua state (`lua-plugin.max-memory-bytes`): 1 MiB to 1 GiB, default 32 MiB. */
export const LUA_MEMORY_BYTES_RANGE = { min: 1024 * 1024, max: 1024 * 1024 * 1024 } as const;
export const DEFAULT_LUA_MEMORY_BYTES = 32 * 1024 * 1024;

/**
 * `extism:host/user` functions a wasm plugin may be granted (`wasm-plugin.host-functions`);
 * the WASM runtime binds exactly these. Absent means `["log"]` (decided by the runtime).
 */
export const WASM_HOST_FUNCTION_NAMES = [
  "emit",
  "log",
  "kv_get",
  "kv_set",
  "kv_delete",
  "kv_list",
  "query_history",
] as const;

export const DEFAULT_DELIVERY: Readonly<DeliverySettings> = {
  queueSize: 256,
  overflow: "drop",
  timeoutMs: 5000,
};

/** The top-level keys a plugin.yaml may hold. Anything else is an error. */
export const MANIFEST_KEYS = [
  "name",
  "version",
  "type",
  "description",
  "requires",
  "provides",
  "storage",
  "commands",
  "policies",
  "emits",
  "events",
  "dependencies",
  "priority",
  "config",
  "delivery",
  "wasm-plugin",
  "binary-plugin",
  "lua-plugin",
  "inproc-plugin",
] as const;

/** The per-type section key for each plugin type. */
export const SECTION_KEYS = {
  wasm: "wasm-plugin",
  binary: "binary-plugin",
  lua: "lua-plugin",
  inproc: "inproc-plugin",
} as const;
