import type { PluginRuntime } from "../plugins/runtime.js";
import { createWasmRuntime } from "../runtimes/wasm/wasm-runtime.js";

/** The runtimes the CLI host loads besides in-process: WASM (Extism) and process plugins. */
export async function defaultRuntimes(_options: { dataDir?: string | undefined }): Promise<PluginRuntime[]> {
  return [createWasmRuntime()];
}
