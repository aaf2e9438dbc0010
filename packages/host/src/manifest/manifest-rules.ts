/**
 * The plugin.yaml naming rules, ranges and defaults (docs/manifest.md), as
 * constants for code that needs them outside the manifest definition
 * (manifest-schema.ts, schema-nodes.ts and each runtime's section).
 */
import type { DeliverySettings } from "./manifest.js";
import { MANIFEST_PROPERTY_KEYS } from "./manifest-schema.js";

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

export const DEFAULT_DELIVERY: Readonly<DeliverySettings> = {
  queueSize: 256,
  overflow: "drop",
  timeoutMs: 5000,
};

/** The top-level keys a plugin.yaml may hold in this host's form (HoloMUSH's add holomush-keys.ts'). */
export const MANIFEST_KEYS: readonly string[] = MANIFEST_PROPERTY_KEYS;
