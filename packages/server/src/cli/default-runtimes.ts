import type { RuntimeFactory } from "../host/host-options.js";
import { checkInprocPlugin } from "../inproc/check-inproc-plugin.js";
import type { PluginType } from "../manifest/manifest.js";
import type { LoadCheck, PluginRuntime } from "../plugins/runtime.js";
import { checkLuaPlugin } from "../runtimes/lua/check-lua-plugin.js";
import { luaRuntime } from "../runtimes/lua/lua-runtime.js";
import { checkProcessPlugin } from "../runtimes/process/check-process-plugin.js";
import { createProcessRuntime } from "../runtimes/process/process-runtime.js";
import { checkWasmPlugin } from "../runtimes/wasm/check-wasm-plugin.js";
import { createWasmRuntime } from "../runtimes/wasm/wasm-runtime.js";

/** The runtimes the CLI host adds to in-process: WASM (Extism), process and Lua plugins. */
export function defaultRuntimes(process: { maxOutputLineBytes?: number } = {}): Array<PluginRuntime | RuntimeFactory> {
  return [
    (host) => createWasmRuntime({ refused: host.refused }),
    (host) => createProcessRuntime({ ...process, services: host.services, logger: host.logger, refused: host.refused }),
    luaRuntime(),
  ];
}

/** The load-time checks of the CLI host's runtimes (in-process, WASM, process, Lua), for `validate`. */
export const DEFAULT_LOAD_CHECKS: Readonly<Partial<Record<PluginType, LoadCheck>>> = {
  inproc: checkInprocPlugin,
  wasm: checkWasmPlugin,
  binary: checkProcessPlugin,
  lua: checkLuaPlugin,
};
