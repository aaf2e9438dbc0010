/**
 * One delivery in a fresh Lua state (HoloMUSH's semantics): new state,
 * prelude (sandbox + holo/holomush + granted capability globals), the
 * plugin's chunk top to bottom, then the handler — all under one deadline —
 * and the state closed whatever happened.
 */
import type { LuaEngine } from "wasmoon";
import type { Bridge } from "./lua-bridge.js";
import { capabilityMethodNames } from "./lua-capabilities.js";
import { createLuaState, type LuaLimits, loadChunk, runThread } from "./lua-engine.js";
import { LUA_PRELUDE } from "./lua-prelude.js";

export interface LuaChunk {
  source: string;
  /** Shown in Lua error messages (`main.lua:12: ...`). */
  name: string;
}

export interface LuaCallSpec {
  chunk: LuaChunk;
  limits: LuaLimits;
  /** Granted capability tokens. */
  capabilities: readonly string[];
  bridge: Bridge;
  deadlineMs: number;
  signal?: AbortSignal;
}

export interface LuaCallResult {
  /** The handler's return values (empty when the handler is missing). */
  values: unknown[];
  /** False when the chunk defines no such global function. */
  found: boolean;
  /** `holomush.register_emit_type` calls made while the chunk ran. */
  emitTypes: string[];
}

/**
 * @param handler global function to call after the chunk ran, or undefined to only run the chunk
 * @param args values pushed as the handler's arguments
 */
export async function runLuaCall(
  spec: LuaCallSpec,
  handler: string | undefined,
  args: unknown[],
): Promise<LuaCallResult> {
  const engine = await createLuaState(spec.limits);
  try {
    const options = {
      deadlineMs: spec.deadlineMs,
      limits: spec.limits,
      ...(spec.signal ? { signal: spec.signal } : {}),
    };
    engine.global.set("__holo_bridge", spec.bridge);
    engine.global.set(
      "__holo_capabilities",
      Object.fromEntries(spec.capabilities.map((token) => [token, capabilityMethodNames(token)])),
    );
    await runThread(loadChunk(engine, LUA_PRELUDE, "=holo"), 0, options);
    await runThread(loadChunk(engine, spec.chunk.source, `@${spec.chunk.name}`), 0, options);
    const emitTypes = readEmitTypes(engine);
    if (handler === undefined) return { values: [], found: true, emitTypes };
    const thread = engine.global.newThread();
    const type = thread.lua.lua_getglobal(thread.address, handler);
    if (type !== 6 /* LUA_TFUNCTION */) return { values: [], found: false, emitTypes };
    for (const arg of args) thread.pushValue(arg);
    const values = await runThread(thread, args.length, options);
    return { values, found: true, emitTypes };
  } finally {
    engine.global.close();
  }
}

function readEmitTypes(engine: LuaEngine): string[] {
  const read = engine.global.get("__holo_emit_types") as (() => unknown) | undefined;
  const types = typeof read === "function" ? read() : undefined;
  return Array.isArray(types) ? types.filter((t): t is string => typeof t === "string") : [];
}
