/**
 * The plugin.yaml naming rules, ranges and defaults (docs/manifest.md), as
 * constants for code that needs them outside the manifest definition
 * (manifest-schema.ts, schema-nodes.ts and each runtime's section).
 */

import { MANIFEST_SECTIONS } from "../runtimes/manifest-sections.js";
import type { DeliverySettings } from "./manifest.js";
import { delivery, MANIFEST_PROPERTY_KEYS } from "./manifest-schema.js";
import { camelKey } from "./schema-reader.js";

// Kept here for code that imported them from this module; each lives with its runtime's section.
export {
  DEFAULT_LUA_MEMORY_BYTES,
  LUA_MEMORY_BYTES_RANGE,
} from "../runtimes/lua/lua-manifest-section.js";
export {
  DEFAULT_MAX_MEMORY_PAGES,
  MEMORY_PAGES_RANGE,
  WASM_HOST_FUNCTION_NAMES,
} from "../runtimes/wasm/wasm-manifest-section.js";

export {
  ALIAS_PATTERN,
  COMMAND_NAME_PATTERN,
  DEFAULT_PRIORITY,
  ENV_NAME_PATTERN,
  EVENT_TYPE_MAX_LENGTH,
  EVENT_TYPE_PATTERN,
  IDENTIFIER_MAX_LENGTH,
  IDENTIFIER_PATTERN,
  PLUGIN_NAME_MAX_LENGTH,
  PLUGIN_NAME_PATTERN,
  PRIORITY_RANGE,
  QUEUE_SIZE_RANGE,
  RESOURCE_PATTERN,
  SERVICE_NAME_PATTERN,
  STREAM_NAMESPACE_PATTERN,
  STREAM_PATTERN_PATTERN,
  TIMEOUT_MS_RANGE,
} from "./schema-nodes.js";

/** `delivery:` when a manifest leaves it out: the defaults of its definition. */
export const DEFAULT_DELIVERY: Readonly<DeliverySettings> = Object.fromEntries(
  Object.entries(delivery.properties).map(([key, node]) => [camelKey(key), (node as { default: unknown }).default]),
) as unknown as DeliverySettings;

/** The per-type section key for each plugin type (`wasm` → `wasm-plugin`). */
export const SECTION_KEYS: Readonly<Record<string, string>> = Object.fromEntries(
  MANIFEST_SECTIONS.map((section) => [section.type, section.key]),
);

/** The top-level keys a plugin.yaml may hold in this host's form (HoloMUSH's add holomush-keys.ts'). */
export const MANIFEST_KEYS: readonly string[] = MANIFEST_PROPERTY_KEYS;
