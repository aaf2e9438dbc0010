/**
 * The WASM runtime's load-time checks, shared by `load()` and
 * `holomush-host validate`: the manifest section, the module file, and
 * everything inspectModule checks (magic, exports, imports the host provides
 * and the manifest grants, memory cap).
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { HostError, HostErrorCode } from "../../errors.js";
import type { ManifestSource } from "../../manifest/manifest.js";
import { type InspectedModule, inspectModule } from "./inspect-module.js";

export interface CheckedWasmPlugin {
  /** Absolute path of the module. */
  file: string;
  inspected: InspectedModule;
}

export async function readWasmPlugin(source: ManifestSource): Promise<CheckedWasmPlugin> {
  const { manifest, dir } = source;
  const section = manifest.wasmPlugin;
  if (!section) {
    throw new HostError(HostErrorCode.PLUGIN_LOAD_FAILED, "missing wasm-plugin section", {
      plugin: manifest.name,
      file: source.file,
    });
  }
  const file = resolve(dir, section.module);
  const bytes = await readFile(file).catch((cause: unknown) => {
    throw new HostError(HostErrorCode.PLUGIN_LOAD_FAILED, `cannot read ${section.module}`, {
      plugin: manifest.name,
      file,
      field: "wasm-plugin.module",
      cause,
    });
  });
  return { file, inspected: await inspectModule(bytes, manifest, file, section.maxMemoryPages) };
}

export async function checkWasmPlugin(source: ManifestSource): Promise<void> {
  await readWasmPlugin(source);
}
