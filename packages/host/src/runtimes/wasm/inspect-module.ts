/**
 * Load-time validation of a guest module, before anything runs: it must be
 * WebAssembly, export `handle_event`, import only granted host functions, and
 * bound its tables (table-limit.ts).
 */
import { HostError, HostErrorCode } from "../../errors.js";
import type { PluginManifest } from "../../manifest/manifest.js";
import { ASSEMBLYSCRIPT_ENV_FUNCTIONS, ASSEMBLYSCRIPT_ENV_NAMESPACE } from "./assemblyscript-env.js";
import {
  DEFAULT_HOST_FUNCTIONS,
  HOST_ENV_NAMESPACE,
  HOST_USER_NAMESPACE,
  type HostFunctionName,
  isHostFunctionName,
  WASI_NAMESPACE,
} from "./host-functions.js";
import { capMemory } from "./memory-cap.js";
import { checkTables, DEFAULT_MAX_TABLE_ELEMENTS } from "./table-limit.js";

export interface InspectedModule {
  /** Compiled from the memory-capped bytes. */
  module: WebAssembly.Module;
  hasInit: boolean;
  hasCommand: boolean;
  /** True when the module imports WASI (served with no preopens unless granted). */
  usesWasi: boolean;
  /** Host functions the module imports (all granted). */
  imports: HostFunctionName[];
}

/**
 * @param bytes the raw .wasm file
 * @param file path for error messages
 * @param maxTableElements budget of table elements, all tables together
 */
export async function inspectModule(
  bytes: Uint8Array,
  manifest: PluginManifest,
  file: string,
  maxPages: number,
  maxTableElements = DEFAULT_MAX_TABLE_ELEMENTS,
): Promise<InspectedModule> {
  const plugin = manifest.name;
  const context = { plugin, file };
  let module: WebAssembly.Module;
  try {
    module = await WebAssembly.compile(capMemory(checkMagic(bytes, plugin, file), maxPages, plugin).bytes);
  } catch (error) {
    if (error instanceof HostError) throw error;
    throw new HostError(HostErrorCode.WASM_MODULE_INVALID, `not a valid WebAssembly module: ${describe(error)}`, {
      ...context,
      cause: error,
    });
  }
  // After compile: the bytes are a valid module, so its sections parse.
  checkTables(bytes, maxTableElements, plugin, file);
  const exports = new Map(WebAssembly.Module.exports(module).map((entry) => [entry.name, entry.kind]));
  if (exports.get("handle_event") !== "function") {
    throw new HostError(HostErrorCode.WASM_EXPORT_MISSING, "module does not export the function handle_event", context);
  }
  const granted = new Set(grantedHostFunctions(manifest));
  const imports: HostFunctionName[] = [];
  let usesWasi = false;
  for (const entry of WebAssembly.Module.imports(module)) {
    const where = `${entry.module}::${entry.name}`;
    if (entry.module === HOST_USER_NAMESPACE) {
      if (!isHostFunctionName(entry.name)) {
        throw new HostError(HostErrorCode.WASM_IMPORT_NOT_GRANTED, `imports unknown host function ${entry.name}`, {
          ...context,
          details: { import: where },
        });
      }
      if (!granted.has(entry.name)) {
        throw new HostError(
          HostErrorCode.WASM_IMPORT_NOT_GRANTED,
          `imports host function ${entry.name}, which wasm-plugin.host-functions does not grant`,
          { ...context, field: "wasm-plugin.host-functions", details: { import: where } },
        );
      }
      if (entry.kind !== "function") throw notFunction(where, context);
      imports.push(entry.name);
    } else if (entry.module === WASI_NAMESPACE) {
      usesWasi = true;
    } else if (entry.module === ASSEMBLYSCRIPT_ENV_NAMESPACE && ASSEMBLYSCRIPT_ENV_FUNCTIONS.includes(entry.name)) {
      if (entry.kind !== "function") throw notFunction(where, context);
    } else if (entry.module !== HOST_ENV_NAMESPACE) {
      // AssemblyScript's runtime imports from `env`: say what the host has and how to do without the rest.
      const hint =
        entry.module === ASSEMBLYSCRIPT_ENV_NAMESPACE
          ? ` (of env the host provides ${ASSEMBLYSCRIPT_ENV_FUNCTIONS.join(", ")}; build with asc --use ${entry.name}=<your function>)`
          : "";
      throw new HostError(
        HostErrorCode.WASM_IMPORT_NOT_GRANTED,
        `imports ${where}, which the host does not provide${hint}`,
        { ...context, details: { import: where } },
      );
    } else if (entry.kind !== "function") {
      throw notFunction(where, context);
    }
  }
  return {
    module,
    hasInit: exports.get("init") === "function",
    hasCommand: exports.get("handle_command") === "function",
    usesWasi,
    imports,
  };
}

/**
 * The effective grant list. `emit` also needs a non-empty `emits`, or the
 * plugin could never emit anything legitimately: refuse it at load.
 */
export function grantedHostFunctions(manifest: PluginManifest): HostFunctionName[] {
  const listed = manifest.wasmPlugin?.hostFunctions ?? DEFAULT_HOST_FUNCTIONS;
  const granted: HostFunctionName[] = [];
  for (const name of listed) {
    if (!isHostFunctionName(name)) {
      throw new HostError(HostErrorCode.MANIFEST_INVALID, `unknown host function ${name}`, {
        plugin: manifest.name,
        field: "wasm-plugin.host-functions",
      });
    }
    granted.push(name);
  }
  if (granted.includes("emit") && manifest.emits.length === 0) {
    throw new HostError(HostErrorCode.MANIFEST_INVALID, "granting emit requires a non-empty emits list", {
      plugin: manifest.name,
      field: "wasm-plugin.host-functions",
    });
  }
  return granted;
}

function checkMagic(bytes: Uint8Array, plugin: string, file: string): Uint8Array {
  const magic = [0x00, 0x61, 0x73, 0x6d];
  if (bytes.length < 8 || magic.some((byte, index) => bytes[index] !== byte)) {
    throw new HostError(HostErrorCode.WASM_MODULE_INVALID, "not a WebAssembly module (bad magic number)", {
      plugin,
      file,
    });
  }
  return bytes;
}

function notFunction(where: string, context: { plugin: string; file: string }): HostError {
  return new HostError(HostErrorCode.WASM_IMPORT_NOT_GRANTED, `import ${where} must be a function`, {
    ...context,
    details: { import: where },
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
