/**
 * The WASM runtime's load-time checks, shared by `load()` and
 * `holomush-host validate`: the manifest section, the module file, and
 * everything inspectModule checks (magic, exports, imports the host provides
 * and the manifest grants, memory and table caps), the module's real path and
 * the WASI link imports a granted guest may not have.
 */
import { readFile } from "node:fs/promises";
import { HostError, HostErrorCode } from "../../errors.js";
import type { ManifestSource } from "../../manifest/manifest.js";
import { realPluginPath } from "../../manifest/real-plugin-paths.js";
import { type InspectedModule, inspectModule } from "./inspect-module.js";
import { refuseWasiLinks } from "./wasi-links.js";

export interface CheckedWasmPlugin {
  /** Absolute path of the module. */
  file: string;
  inspected: InspectedModule;
}

/** `maxTableElements`: the runtime's table budget (createWasmRuntime's option; default when omitted). */
export async function readWasmPlugin(source: ManifestSource, maxTableElements?: number): Promise<CheckedWasmPlugin> {
  const { manifest } = source;
  const section = manifest.wasmPlugin;
  if (!section) {
    throw new HostError(HostErrorCode.PLUGIN_LOAD_FAILED, "missing wasm-plugin section", {
      plugin: manifest.name,
      file: source.file,
    });
  }
  // Real paths, checked again at load: the tree may have changed since discovery.
  const file = realPluginPath(source, section.module, "wasm-plugin.module");
  const bytes = await readFile(file).catch((cause: unknown) => {
    throw new HostError(HostErrorCode.PLUGIN_LOAD_FAILED, `cannot read ${section.module}`, {
      plugin: manifest.name,
      file,
      field: "wasm-plugin.module",
      cause,
    });
  });
  const inspected = await inspectModule(bytes, manifest, file, section.maxMemoryPages, maxTableElements);
  refuseWasiLinks(inspected.module, source);
  return { file, inspected };
}

/** The WASM runtime's load check: the module is WebAssembly, exports `handle_event` and imports only what the host provides and the manifest grants. */
export async function checkWasmPlugin(source: ManifestSource): Promise<void> {
  await readWasmPlugin(source);
}
