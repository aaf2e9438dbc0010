/** Every kind of plugin the scaffolder writes, in the order it offers them. */
import type { PluginKind } from "./plugin-kind.js";
import { assemblyScriptKind } from "./templates/assemblyscript-wasm.js";
import { goProcessKind } from "./templates/go-process.js";
import { luaKind } from "./templates/lua.js";
import { pythonProcessKind } from "./templates/python-process.js";
import { tsProcessKind } from "./templates/ts-process.js";

/**
 * The plugin kinds the scaffolder can write: a TypeScript process plugin, an AssemblyScript WASM plugin, a Lua
 * plugin, and Go and Python process plugins.
 */
export const PLUGIN_KINDS: readonly PluginKind[] = [
  tsProcessKind,
  assemblyScriptKind,
  luaKind,
  goProcessKind,
  pythonProcessKind,
];

/** The kind whose `id` is given, or undefined. */
export function findKind(id: string): PluginKind | undefined {
  return PLUGIN_KINDS.find((kind) => kind.id === id);
}
