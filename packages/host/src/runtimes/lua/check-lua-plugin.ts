/**
 * The Lua runtime's load-time check for `holomush-host validate`: the entry
 * script resolves inside the plugin directory, is readable and compiles
 * (text mode) — a syntax error is LUA_SYNTAX_ERROR with the file and line,
 * as at load. Validate never runs plugin code, so the chunk is compiled in a
 * throwaway state, not run (a failing top level is only found at load).
 */
import { readFile } from "node:fs/promises";
import { HostError, HostErrorCode } from "../../errors.js";
import type { ManifestSource } from "../../manifest/manifest.js";
import { realPluginPath } from "../../manifest/real-plugin-paths.js";
import { compileChunk, createLuaState, DEFAULT_LUA_LIMITS, LuaRunError } from "./lua-engine.js";

/** The Lua runtime's load check: the entry script exists inside the plugin directory and compiles. */
export async function checkLuaPlugin(source: ManifestSource): Promise<void> {
  const { manifest, file: manifestFile } = source;
  const section = manifest.luaPlugin;
  if (!section) {
    throw new HostError(HostErrorCode.PLUGIN_LOAD_FAILED, "missing lua-plugin section", {
      plugin: manifest.name,
      file: manifestFile,
    });
  }
  const file = realPluginPath(source, section.entry, "lua-plugin.entry");
  const text = await readFile(file, "utf8").catch((cause: unknown) => {
    throw new HostError(HostErrorCode.PLUGIN_LOAD_FAILED, `cannot read lua-plugin.entry ${section.entry}`, {
      plugin: manifest.name,
      file,
      field: "lua-plugin.entry",
      cause,
    });
  });
  const engine = await createLuaState({ ...DEFAULT_LUA_LIMITS, memoryBytes: section.maxMemoryBytes });
  try {
    compileChunk(engine, text, `@${section.entry}`);
  } catch (error) {
    if (!(error instanceof LuaRunError)) throw error;
    const line = /:(\d+):/.exec(error.message)?.[1];
    const code = error.kind === "syntax" ? HostErrorCode.LUA_SYNTAX_ERROR : HostErrorCode.PLUGIN_LOAD_FAILED;
    throw new HostError(code, error.message, {
      plugin: manifest.name,
      file,
      ...(line === undefined ? {} : { field: `line ${line}`, details: { line } }),
    });
  } finally {
    engine.global.close();
  }
}
