import type { PluginRuntime } from "../plugins/runtime.js";

/** The runtimes the CLI host loads besides in-process (WASM and process plugins). */
export async function defaultRuntimes(_options: { dataDir?: string | undefined }): Promise<PluginRuntime[]> {
  return [];
}
