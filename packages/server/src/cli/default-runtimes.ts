import type { LoadCheck, PluginRuntime, PluginType, RuntimeFactory } from "@holomush/host";
import {
  checkInprocPlugin,
  checkLuaPlugin,
  checkProcessPlugin,
  checkWasmPlugin,
  createProcessRuntime,
  createWasmRuntime,
  luaRuntime,
} from "@holomush/host";

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
