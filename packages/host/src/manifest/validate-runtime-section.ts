/**
 * The per-type sections (`wasm-plugin`, `binary-plugin`, `lua-plugin`,
 * `inproc-plugin`): exactly the one matching `type` is required, the others
 * are errors. Present sections are always checked, so one run reports all.
 */
import { type FieldChecker, fieldPath } from "./field-checker.js";
import type {
  BinaryPluginSection,
  InprocPluginSection,
  LuaPluginSection,
  PluginManifest,
  PluginType,
  WasmPluginSection,
} from "./manifest.js";
import {
  DEFAULT_LUA_MEMORY_BYTES,
  DEFAULT_MAX_MEMORY_PAGES,
  ENV_NAME_PATTERN,
  LUA_MEMORY_BYTES_RANGE,
  MEMORY_PAGES_RANGE,
  SECTION_KEYS,
  TIMEOUT_MS_RANGE,
  WASM_HOST_FUNCTION_NAMES,
} from "./manifest-rules.js";
import { checkPluginPath } from "./plugin-relative-path.js";

export type RuntimeSections = Pick<PluginManifest, "wasmPlugin" | "binaryPlugin" | "luaPlugin" | "inprocPlugin">;

/**
 * @param type the validated plugin type, or undefined when `type` itself was invalid
 * @param deliveryTimeoutMs the default for `wasm-plugin.timeout-ms`
 * @param emitsDeclared whether `emits` is non-empty (granting the `emit` host function needs it)
 * @param registered the embedder hands over an in-process plugin's object, so its section is optional
 */
export function validateRuntimeSections(
  check: FieldChecker,
  raw: Record<string, unknown>,
  type: PluginType | undefined,
  deliveryTimeoutMs: number,
  emitsDeclared: boolean,
  registered = false,
): RuntimeSections {
  const sections: RuntimeSections = {};
  for (const [sectionType, key] of Object.entries(SECTION_KEYS) as [PluginType, string][]) {
    const present = raw[key] !== undefined;
    const optional = registered && sectionType === "inproc";
    if (type !== undefined && sectionType === type && !present && !optional) {
      check.fail(key, `section "${key}" is required for type: ${type}`);
    }
    if (!present) continue;
    if (type !== undefined && sectionType !== type) {
      check.fail(key, `section "${key}" is only for type: ${sectionType}; this plugin is type: ${type}`);
    }
    const value = check.mapping(raw[key], key);
    if (!value) continue;
    if (sectionType === "wasm") sections.wasmPlugin = wasmSection(check, value, key, deliveryTimeoutMs, emitsDeclared);
    if (sectionType === "binary") sections.binaryPlugin = binarySection(check, value, key);
    if (sectionType === "lua") sections.luaPlugin = luaSection(check, value, key, deliveryTimeoutMs);
    if (sectionType === "inproc") sections.inprocPlugin = inprocSection(check, value, key);
  }
  return sections;
}

function wasmSection(
  check: FieldChecker,
  raw: Record<string, unknown>,
  key: string,
  deliveryTimeoutMs: number,
  emitsDeclared: boolean,
): WasmPluginSection | undefined {
  check.knownKeys(raw, key, [
    "module",
    "max-memory-pages",
    "timeout-ms",
    "allowed-paths",
    "allowed-hosts",
    "host-functions",
  ]);
  const module =
    raw.module === undefined
      ? check.fail(fieldPath(key, "module"), "is required: the path of the .wasm module")
      : checkPluginPath(check, raw.module, fieldPath(key, "module"), { file: true, extension: ".wasm" });
  const pagesField = fieldPath(key, "max-memory-pages");
  const maxMemoryPages =
    raw["max-memory-pages"] === undefined
      ? DEFAULT_MAX_MEMORY_PAGES
      : check.integer(raw["max-memory-pages"], pagesField, MEMORY_PAGES_RANGE);
  const timeoutMs =
    raw["timeout-ms"] === undefined
      ? deliveryTimeoutMs
      : check.integer(raw["timeout-ms"], fieldPath(key, "timeout-ms"), TIMEOUT_MS_RANGE);
  const allowedPaths: Record<string, string> = {};
  if (raw["allowed-paths"] !== undefined) {
    const field = fieldPath(key, "allowed-paths");
    for (const [hostPath, guestPath] of Object.entries(check.mapping(raw["allowed-paths"], field) ?? {})) {
      const normalized = checkPluginPath(check, hostPath, fieldPath(field, hostPath));
      const guest = check.string(guestPath, fieldPath(field, hostPath), { nonEmpty: true });
      if (normalized !== undefined && guest !== undefined) allowedPaths[normalized] = guest;
    }
  }
  const hostRule = { pattern: /^\S+$/, patternHint: "a host name without whitespace" };
  const allowedHosts =
    raw["allowed-hosts"] === undefined
      ? []
      : check.stringList(raw["allowed-hosts"], fieldPath(key, "allowed-hosts"), hostRule);
  const hostFunctions = hostFunctionList(check, raw["host-functions"], fieldPath(key, "host-functions"), emitsDeclared);
  if (module === undefined || maxMemoryPages === undefined || timeoutMs === undefined || allowedHosts === undefined) {
    return undefined;
  }
  const section: WasmPluginSection = { module, maxMemoryPages, timeoutMs, allowedPaths, allowedHosts };
  if (hostFunctions !== undefined) section.hostFunctions = hostFunctions;
  return section;
}

/** `host-functions`: known names, no duplicates; granting `emit` needs a non-empty `emits`. */
function hostFunctionList(
  check: FieldChecker,
  value: unknown,
  field: string,
  emitsDeclared: boolean,
): string[] | undefined {
  if (value === undefined) return undefined;
  const names = check.stringList(value, field);
  const known: readonly string[] = WASM_HOST_FUNCTION_NAMES;
  names?.forEach((name, index) => {
    if (!known.includes(name)) {
      check.fail(fieldPath(field, index), `unknown host function "${name}"; known: ${known.join(", ")}`);
    }
  });
  if (names?.includes("emit") && !emitsDeclared) {
    check.fail(field, "granting emit needs a non-empty emits list (the namespaces the plugin may emit to)");
  }
  return names;
}

function binarySection(check: FieldChecker, raw: Record<string, unknown>, key: string): BinaryPluginSection {
  check.knownKeys(raw, key, ["executable", "args", "env", "work-dir"]);
  const section: BinaryPluginSection = { args: [], env: {} };
  if (raw.executable !== undefined) {
    section.executable = checkPluginPath(check, raw.executable, fieldPath(key, "executable"), { file: true });
  }
  if (raw["work-dir"] !== undefined) {
    section.workDir = checkPluginPath(check, raw["work-dir"], fieldPath(key, "work-dir"));
  }
  if (raw.args !== undefined) {
    const args = check.list(raw.args, fieldPath(key, "args")) ?? [];
    args.forEach((arg, index) => {
      const text = check.string(arg, fieldPath(fieldPath(key, "args"), index));
      if (text !== undefined) section.args.push(text);
    });
  }
  if (raw.env !== undefined) {
    const field = fieldPath(key, "env");
    for (const [name, value] of Object.entries(check.mapping(raw.env, field) ?? {})) {
      check.string(name, fieldPath(field, name), {
        pattern: ENV_NAME_PATTERN,
        patternHint: "a variable name ([A-Za-z_][A-Za-z0-9_]*)",
      });
      const text = check.string(value, fieldPath(field, name));
      if (text !== undefined) section.env[name] = text;
    }
  }
  return section;
}

function luaSection(
  check: FieldChecker,
  raw: Record<string, unknown>,
  key: string,
  deliveryTimeoutMs: number,
): LuaPluginSection | undefined {
  check.knownKeys(raw, key, ["entry", "max-memory-bytes", "timeout-ms", "state"]);
  const entry =
    raw.entry === undefined
      ? check.fail(fieldPath(key, "entry"), "is required: the Lua entry script")
      : checkPluginPath(check, raw.entry, fieldPath(key, "entry"), { file: true });
  const maxMemoryBytes =
    raw["max-memory-bytes"] === undefined
      ? DEFAULT_LUA_MEMORY_BYTES
      : check.integer(raw["max-memory-bytes"], fieldPath(key, "max-memory-bytes"), LUA_MEMORY_BYTES_RANGE);
  const timeoutMs =
    raw["timeout-ms"] === undefined
      ? deliveryTimeoutMs
      : check.integer(raw["timeout-ms"], fieldPath(key, "timeout-ms"), TIMEOUT_MS_RANGE);
  const state =
    raw.state === undefined
      ? "fresh"
      : check.oneOf(raw.state, fieldPath(key, "state"), ["fresh", "persistent"] as const);
  if (entry === undefined || maxMemoryBytes === undefined || timeoutMs === undefined || state === undefined) {
    return undefined;
  }
  return { entry, maxMemoryBytes, timeoutMs, state };
}

function inprocSection(
  check: FieldChecker,
  raw: Record<string, unknown>,
  key: string,
): InprocPluginSection | undefined {
  check.knownKeys(raw, key, ["module"]);
  const module =
    raw.module === undefined
      ? check.fail(fieldPath(key, "module"), "is required: the JS module exporting the plugin")
      : checkPluginPath(check, raw.module, fieldPath(key, "module"), { file: true });
  return module === undefined ? undefined : { module };
}
