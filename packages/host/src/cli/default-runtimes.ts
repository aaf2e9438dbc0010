import type { RuntimeFactory } from "../host/host-options.js";
import type { PluginRuntime } from "../plugins/runtime.js";
import { createProcessRuntime } from "../runtimes/process/process-runtime.js";
import { createWasmRuntime } from "../runtimes/wasm/wasm-runtime.js";

/** The runtimes the CLI host adds to in-process: WASM (Extism) and process plugins. */
export function defaultRuntimes(process: { maxOutputLineBytes?: number } = {}): Array<PluginRuntime | RuntimeFactory> {
  return [
    createWasmRuntime(),
    (host) => createProcessRuntime({ ...process, services: host.services, logger: host.logger }),
  ];
}
