/** Every kind of plugin the scaffolder writes, in the order it offers them. */
import type { PluginKind } from "./plugin-kind.js";
import { assemblyScriptKind } from "./templates/assemblyscript-wasm.js";
import { luaKind } from "./templates/lua.js";
import { tsProcessKind } from "./templates/ts-process.js";

export const PLUGIN_KINDS: readonly PluginKind[] = [tsProcessKind, assemblyScriptKind, luaKind];

export function findKind(id: string): PluginKind | undefined {
  return PLUGIN_KINDS.find((kind) => kind.id === id);
}
