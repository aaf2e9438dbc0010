/**
 * The `type: lua` runtime (docs/lua.md): HoloMUSH Lua plugins —
 * `plugin.yaml` + `main.lua` — on PUC Lua 5.4 in WebAssembly (wasmoon).
 *
 * At load the entry script must resolve, after symlinks, inside the plugin
 * directory; the whole chunk then runs once in a throwaway state, so a
 * syntax error (LUA_SYNTAX_ERROR, with file and line) or a failing top
 * level refuses the plugin before any delivery. Each later delivery runs in
 * a fresh state, as HoloMUSH does: globals do not survive a call, plugins
 * keep state in KV.
 */
import { readFile, realpath } from "node:fs/promises";
import { relative, resolve, sep } from "node:path";
import { HostError, HostErrorCode } from "../../errors.js";
import type { RuntimeFactory } from "../../host/host-options.js";
import type { PluginInstance, PluginRuntime, RuntimeLoadContext } from "../../plugins/runtime.js";
import { createBridge } from "./lua-bridge.js";
import { runLuaCall } from "./lua-call.js";
import { DEFAULT_LUA_LIMITS, type LuaLimits, luaModule } from "./lua-engine.js";
import { type LuaHostServices, luaServicesFrom } from "./lua-host-services.js";
import { createLuaInstance, luaCallError } from "./lua-instance.js";
import { watchSessionOpens } from "./lua-session-subscribe.js";

/** Options of createLuaRuntime. */
export interface LuaRuntimeOptions {
  /** Host services behind HoloMUSH's capability globals. */
  services: LuaHostServices;
  /** Time the load pass (running the chunk once) may take, ms. Default 2000. */
  loadTimeoutMs?: number;
  /** Slice and blocking limits (the memory cap comes from each manifest). */
  limits?: Partial<Omit<LuaLimits, "memoryBytes">>;
}

/** A runtime factory for createHost's `runtimes`: the Lua runtime on the host's own services. */
export function luaRuntime(options: Omit<LuaRuntimeOptions, "services"> = {}): RuntimeFactory {
  return (deps) => createLuaRuntime({ ...options, services: luaServicesFrom(deps) });
}

/** The `type: lua` runtime (HoloMUSH Lua plugins on Lua 5.4 in WebAssembly). */
export function createLuaRuntime(options: LuaRuntimeOptions): PluginRuntime {
  const loadTimeoutMs = options.loadTimeoutMs ?? 2000;
  const lastWhispered = new Map<string, string>();

  return {
    type: "lua",
    async load(context: RuntimeLoadContext): Promise<PluginInstance> {
      const { manifest, dir, file: manifestFile } = context.source;
      const section = manifest.luaPlugin;
      if (!section) {
        throw new HostError(HostErrorCode.PLUGIN_LOAD_FAILED, "missing lua-plugin section", {
          plugin: manifest.name,
          file: manifestFile,
        });
      }
      const file = await entryPath(manifest.name, dir, section.entry);
      const source = await readFile(file, "utf8").catch((cause: unknown) => {
        throw new HostError(HostErrorCode.PLUGIN_LOAD_FAILED, `cannot read ${section.entry}`, {
          plugin: manifest.name,
          file,
          cause,
        });
      });
      await luaModule();
      const limits: LuaLimits = { ...DEFAULT_LUA_LIMITS, ...options.limits, memoryBytes: section.maxMemoryBytes };
      const capabilities = (manifest.hostCapabilities ?? []).map((grant) => grant.token);
      const chunk = { source, name: section.entry };
      const bridge = (characterId?: string) =>
        createBridge({
          manifest,
          api: context.host,
          services: options.services,
          lastWhispered,
          logger: context.logger,
          ...(characterId === undefined ? {} : { characterId }),
        });
      try {
        const loaded = await runLuaCall(
          {
            chunk,
            limits,
            capabilities,
            bridge: bridge(),
            deadlineMs: Date.now() + loadTimeoutMs,
            signal: context.signal,
          },
          undefined,
          [],
        );
        if (loaded.emitTypes.length > 0)
          context.logger.debug({ emitTypes: loaded.emitTypes }, "lua emit types registered");
      } catch (error) {
        const failure = luaCallError(manifest.name, "the load pass", error);
        const code = failure.code === HostErrorCode.LUA_SYNTAX_ERROR ? failure.code : HostErrorCode.PLUGIN_LOAD_FAILED;
        const line = /:(\d+):/.exec(failure.message)?.[1];
        throw new HostError(code, failure.message, {
          plugin: manifest.name,
          file,
          ...(line === undefined ? {} : { field: `line ${line}`, details: { line } }),
          cause: failure,
        });
      }
      const foreign = Object.keys(manifest.foreignPolicies ?? {});
      if (foreign.length > 0) {
        // Their grants come from the manifest's declarations here; role gates are host policies.
        context.logger.info({ policies: foreign }, "HoloMUSH dsl policies kept, not installed (docs/lua.md)");
      }
      const instance = createLuaInstance({
        plugin: manifest.name,
        chunk,
        limits,
        capabilities,
        timeoutMs: section.timeoutMs,
        logger: context.logger,
        bridge,
        state: section.state,
      });
      const { sessions, focus, authorizer } = options.services;
      if (!manifest.sessionStreams || sessions === undefined || focus === undefined) return instance;
      // Always a fresh state, even for `state: persistent`: this runs beside the plugin's other calls.
      const stop = watchSessionOpens({
        plugin: manifest.name,
        sessions,
        focus,
        authorizer,
        logger: context.logger,
        call: async (session) => {
          const spec = { chunk, limits, capabilities, bridge: bridge(session.characterId) };
          const args = [session.characterId, session.playerId, session.id];
          try {
            const result = await runLuaCall(
              { ...spec, deadlineMs: Date.now() + section.timeoutMs },
              "on_session_subscribe",
              args,
            );
            return result.values[0];
          } catch (error) {
            throw luaCallError(manifest.name, "on_session_subscribe", error);
          }
        },
      });
      return {
        ...instance,
        async shutdown(reason) {
          stop();
          await instance.shutdown(reason);
        },
      };
    },
  };
}

/** The entry script's real path; refused when a symlink leads out of the plugin directory. */
async function entryPath(plugin: string, dir: string, entry: string): Promise<string> {
  const file = resolve(dir, entry);
  let real: string;
  let realDir: string;
  try {
    [real, realDir] = await Promise.all([realpath(file), realpath(dir)]);
  } catch (cause) {
    throw new HostError(HostErrorCode.PLUGIN_LOAD_FAILED, `lua-plugin.entry ${entry} does not exist`, {
      plugin,
      file,
      field: "lua-plugin.entry",
      cause,
    });
  }
  const inside = relative(realDir, real);
  if (inside === "" || inside.startsWith(`..${sep}`) || inside === ".." || resolve(realDir, inside) !== real) {
    throw new HostError(
      HostErrorCode.PATH_ESCAPES_PLUGIN_DIR,
      `lua-plugin.entry ${entry} resolves outside the plugin directory`,
      {
        plugin,
        file,
        field: "lua-plugin.entry",
      },
    );
  }
  return real;
}
