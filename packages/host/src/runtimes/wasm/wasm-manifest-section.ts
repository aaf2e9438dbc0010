/**
 * The `wasm-plugin:` section of a `type: wasm` plugin: the module, its
 * sandbox (memory, time, WASI directories, HTTP hosts) and the host functions
 * it is granted (docs/wasm-abi.md).
 */
import { Type } from "@sinclair/typebox";
import type { FieldChecker } from "../../manifest/field-checker.js";
import { fieldPath } from "../../manifest/field-checker.js";
import { defineManifestSection, shaped } from "../../manifest/manifest-section.js";
import {
  deliveryTimeoutMs,
  ifThen,
  integerIn,
  nonEmptyText,
  oneOf,
  patterned,
  pluginPath,
  pluginPathKey,
  RELATIVE_PATH_NODE,
  timeoutMs,
} from "../../manifest/schema-nodes.js";
import { WASM_HOST_FUNCTION_NAMES } from "./host-function-names.js";

export { WASM_HOST_FUNCTION_NAMES };

import type { ReadContext } from "../../manifest/schema-reader.js";

export const MEMORY_PAGES_RANGE = { min: 1, max: 65536 } as const;
export const DEFAULT_MAX_MEMORY_PAGES = 256;

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

/** `host-functions`: known names, no duplicates; granting `emit` needs a non-empty `emits`. */
function readHostFunctions(check: FieldChecker, value: unknown, field: string, ctx: ReadContext) {
  const names = check.stringList(value, field);
  const known: readonly string[] = WASM_HOST_FUNCTION_NAMES;
  names?.forEach((name, index) => {
    if (!known.includes(name)) {
      check.fail(fieldPath(field, index), `unknown host function "${name}"; known: ${known.join(", ")}`);
    }
  });
  const emits = ctx.manifest.emits as string[] | undefined;
  if (names?.includes("emit") && !(emits !== undefined && emits.length > 0)) {
    check.fail(field, "granting emit needs a non-empty emits list (the namespaces the plugin may emit to)");
  }
  return names;
}

export const wasmManifestSection = defineManifestSection(
  "wasm",
  shaped<WasmPluginSection>()(
    Type.Object(
      {
        module: pluginPath(
          { file: true, extension: ".wasm" },
          { description: "Path of the .wasm module.", "x-required": "is required: the path of the .wasm module" },
        ),
        "max-memory-pages": Type.Optional(
          integerIn(MEMORY_PAGES_RANGE, {
            default: DEFAULT_MAX_MEMORY_PAGES,
            description: "Linear memory cap in 64 KiB pages (default 256 = 16 MiB).",
          }),
        ),
        "timeout-ms": Type.Optional(
          timeoutMs({
            description: "Per-call timeout in ms (default: delivery.timeout-ms).",
            "x-default": deliveryTimeoutMs,
          }),
        ),
        "allowed-paths": Type.Optional(
          Type.Unsafe<Record<string, string>>({
            type: "object",
            propertyNames: RELATIVE_PATH_NODE,
            additionalProperties: nonEmptyText(),
            default: {},
            description: "WASI directories: host path (relative to the plugin dir) -> guest path.",
            "x-key": pluginPathKey,
          }),
        ),
        "allowed-hosts": Type.Optional(
          Type.Array(patterned(/^\S+$/, "a host name without whitespace"), {
            uniqueItems: true,
            default: [],
            description: "Hosts the guest may reach over HTTP.",
          }),
        ),
        "host-functions": Type.Optional(
          Type.Array(oneOf(WASM_HOST_FUNCTION_NAMES), {
            uniqueItems: true,
            description:
              "extism:host/user functions granted to the guest (default [log]). emit needs a non-empty emits list.",
            "x-read": readHostFunctions,
            // Absent is not "none": the runtime grants `log` (see hostFunctions).
            "x-missing": () => undefined,
          }),
        ),
      },
      { additionalProperties: false, description: "Settings for type: wasm." },
    ),
  ),
  [
    ifThen(
      {
        properties: {
          "wasm-plugin": {
            type: "object",
            properties: { "host-functions": { type: "array", contains: { const: "emit" } } },
            required: ["host-functions"],
          },
        },
        required: ["wasm-plugin"],
      },
      { properties: { emits: { type: "array", minItems: 1 } }, required: ["emits"] },
    ),
  ],
);
