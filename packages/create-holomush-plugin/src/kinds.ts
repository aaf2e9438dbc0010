/** Every kind of plugin the scaffolder writes, in the order it offers them. */
import type { PluginKind } from "./plugin-kind.js";
import { assemblyScriptKind } from "./templates/assemblyscript-wasm.js";
import { luaKind } from "./templates/lua.js";
import { tsProcessKind } from "./templates/ts-process.js";

/**
 * The plugin kinds the scaffolder can write: a TypeScript process plugin, an AssemblyScript WASM plugin and a Lua plugin.
 */
export const PLUGIN_KINDS: readonly PluginKind[] = [tsProcessKind, assemblyScriptKind, luaKind];

/** The kind whose `id` is given, or undefined. */
export function findKind(id: string): PluginKind | undefined {
  return PLUGIN_KINDS.find((kind) => kind.id === id);
}
