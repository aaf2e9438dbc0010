import type { RuntimeFactory } from "../host/host-options.js";
import type { PluginRuntime } from "../plugins/runtime.js";
import { luaRuntime } from "../runtimes/lua/lua-runtime.js";
import { createProcessRuntime } from "../runtimes/process/process-runtime.js";
import { createWasmRuntime } from "../runtimes/wasm/wasm-runtime.js";

/** The runtimes the CLI host adds to in-process: WASM (Extism), process and Lua plugins. */
export function defaultRuntimes(): Array<PluginRuntime | RuntimeFactory> {
  return [
    createWasmRuntime(),
    (host) => createProcessRuntime({ services: host.services, logger: host.logger }),
    luaRuntime(),
  ];
}
