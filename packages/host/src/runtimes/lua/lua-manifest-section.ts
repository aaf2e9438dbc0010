/**
 * The `lua-plugin:` section of a `type: lua` plugin: the entry script and the
 * limits of each Lua state (docs/lua.md).
 */
import { Type } from "@sinclair/typebox";
import { defineManifestSection, shaped } from "../../manifest/manifest-section.js";
import { deliveryTimeoutMs, integerIn, oneOf, pluginPath, timeoutMs } from "../../manifest/schema-nodes.js";

/** Memory cap per Lua state (`lua-plugin.max-memory-bytes`): 1 MiB to 1 GiB, default 32 MiB. */
export const LUA_MEMORY_BYTES_RANGE = { min: 1024 * 1024, max: 1024 * 1024 * 1024 } as const;
export const DEFAULT_LUA_MEMORY_BYTES = 32 * 1024 * 1024;

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

export const luaManifestSection = defineManifestSection(
  "lua",
  shaped<LuaPluginSection>()(
    Type.Object(
      {
        entry: pluginPath(
          { file: true },
          { description: "Lua entry script.", "x-required": "is required: the Lua entry script" },
        ),
        "max-memory-bytes": Type.Optional(
          integerIn(LUA_MEMORY_BYTES_RANGE, {
            default: DEFAULT_LUA_MEMORY_BYTES,
            description: "Memory cap per Lua state in bytes (default 32 MiB).",
          }),
        ),
        "timeout-ms": Type.Optional(
          timeoutMs({
            description: "Per-call budget in ms (default: delivery.timeout-ms).",
            "x-default": deliveryTimeoutMs,
          }),
        ),
        state: Type.Optional(
          oneOf(["fresh", "persistent"] as const, {
            default: "fresh",
            description:
              "fresh: a new Lua state per call (HoloMUSH's semantics); persistent: one state reused across calls.",
          }),
        ),
      },
      { additionalProperties: false, description: "Settings for type: lua." },
    ),
  ),
);
