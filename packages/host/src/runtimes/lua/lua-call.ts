/**
 * One delivery in a fresh Lua state (HoloMUSH's semantics): new state,
 * prelude (sandbox + holo/holomush + granted capability globals), the
 * plugin's chunk top to bottom, then the handler — all under one deadline —
 * and the state closed whatever happened.
 */
import type { LuaEngine, LuaThread } from "wasmoon";
import type { Bridge } from "./lua-bridge.js";
import { capabilityMethodNames } from "./lua-capabilities.js";
import {
  compileChunk,
  createLuaState,
  LUA_REGISTRYINDEX,
  type LuaLimits,
  loadCompiled,
  runThread,
} from "./lua-engine.js";
import { LUA_PRELUDE } from "./lua-prelude.js";

export interface LuaChunk {
  source: string;
  /** Shown in Lua error messages (`main.lua:12: ...`). */
  name: string;
  /** Bytecode the host compiled from `source` (text mode) once; loaded instead of parsing again. */
  compiled?: Uint8Array;
}

let preludeBytes: Uint8Array | undefined;

/** Loads (and on first use compiles) a chunk onto a new coroutine. */
function chunkThread(engine: LuaEngine, chunk: LuaChunk): LuaThread {
  const name = `@${chunk.name}`;
  chunk.compiled ??= compileChunk(engine, chunk.source, name);
  return loadCompiled(engine, chunk.compiled, name);
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

/** A state with the prelude and the plugin's chunk run: ready for handler calls. */
export interface PreparedState {
  engine: LuaEngine;
  emitTypes: string[];
  /** Registry reference of the prelude's `__holo_call`, which runs and bounds a handler. */
  callRef: number;
}

type Prepare = Pick<LuaCallSpec, "chunk" | "limits" | "capabilities" | "bridge" | "deadlineMs" | "signal">;

const runOptions = (spec: Pick<LuaCallSpec, "deadlineMs" | "limits" | "signal">) => ({
  deadlineMs: spec.deadlineMs,
  limits: spec.limits,
  ...(spec.signal ? { signal: spec.signal } : {}),
});

/** New state, prelude, chunk top to bottom; closes the state if any of it fails. */
export async function prepareState(spec: Prepare): Promise<PreparedState> {
  const engine = await createLuaState(spec.limits);
  try {
    const options = runOptions(spec);
    engine.global.set("__holo_bridge", spec.bridge);
    engine.global.set(
      "__holo_capabilities",
      Object.fromEntries(spec.capabilities.map((token) => [token, capabilityMethodNames(token)])),
    );
    preludeBytes ??= compileChunk(engine, LUA_PRELUDE, "=holo");
    await runThread(loadCompiled(engine, preludeBytes, "=holo"), 0, options);
    engine.global.setTop(0);
    // Move __holo_call out of _G into the registry, where the plugin cannot replace it.
    const lua = engine.global.lua;
    lua.lua_getglobal(engine.global.address, "__holo_call");
    const callRef = lua.luaL_ref(engine.global.address, LUA_REGISTRYINDEX);
    lua.lua_pushnil(engine.global.address);
    lua.lua_setglobal(engine.global.address, "__holo_call");
    await runThread(chunkThread(engine, spec.chunk), 0, options);
    engine.global.setTop(0);
    return { engine, emitTypes: readEmitTypes(engine), callRef };
  } catch (error) {
    engine.global.close();
    throw error;
  }
}

/**
 * Calls a global handler on its own coroutine, through the prelude's
 * `__holo_call` (which bounds the result before JS converts it); the
 * global stack is left as found.
 */
export async function callHandler(
  prepared: PreparedState,
  handler: string,
  args: unknown[],
  spec: Pick<LuaCallSpec, "deadlineMs" | "limits" | "signal">,
): Promise<{ values: unknown[]; found: boolean }> {
  const { engine } = prepared;
  const top = engine.global.getTop();
  try {
    const thread = engine.global.newThread();
    thread.lua.lua_rawgeti(thread.address, LUA_REGISTRYINDEX, BigInt(prepared.callRef));
    thread.pushValue(handler);
    for (const arg of args) thread.pushValue(arg);
    const [found, ...values] = await runThread(thread, args.length + 1, runOptions(spec));
    return { values, found: found === true };
  } finally {
    engine.global.setTop(top);
  }
}

/**
 * One call in a fresh state (HoloMUSH's semantics), closed afterwards.
 * @param handler global function to call after the chunk ran, or undefined to only run the chunk
 * @param args values pushed as the handler's arguments
 */
export async function runLuaCall(
  spec: LuaCallSpec,
  handler: string | undefined,
  args: unknown[],
): Promise<LuaCallResult> {
  const prepared = await prepareState(spec);
  try {
    if (handler === undefined) return { values: [], found: true, emitTypes: prepared.emitTypes };
    return { ...(await callHandler(prepared, handler, args, spec)), emitTypes: prepared.emitTypes };
  } finally {
    prepared.engine.global.close();
  }
}

function readEmitTypes(engine: LuaEngine): string[] {
  const read = engine.global.get("__holo_emit_types") as (() => unknown) | undefined;
  const types = typeof read === "function" ? read() : undefined;
  return Array.isArray(types) ? types.filter((t): t is string => typeof t === "string") : [];
}
