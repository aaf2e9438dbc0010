/**
 * The Lua VM: wasmoon (PUC Lua 5.4 compiled to WebAssembly), one shared
 * module, one fresh `lua_State` per call (HoloMUSH's semantics: nothing
 * survives a delivery). Each state gets its own allocation cap.
 *
 * Why in-thread and not a worker: host calls (KV, sessions, world) are async
 * on the main thread; in-thread, a Lua call simply yields while one is
 * pending. The event loop is kept free by a count hook that yields the
 * running coroutine every `sliceMs` (the driver resumes it on the next
 * macrotask), and a wall-clock deadline that makes every later instruction
 * raise, so `pcall` cannot swallow it. Code that cannot yield (inside a C
 * call such as a `table.sort` comparator or a `gsub` callback) may hold the
 * thread for at most `maxBlockingMs` before it is stopped the same way.
 */
import { createRequire } from "node:module";
import type { LuaEngine, LuaFactory as LuaFactoryType, LuaThread, LuaWasm } from "wasmoon";

// wasmoon ships CommonJS only; named ESM imports of its classes fail at run time.
const wasmoon = createRequire(import.meta.url)("wasmoon") as typeof import("wasmoon");

/** Bounds on one Lua state: memory, and how long it may run between yields. */
export interface LuaLimits {
  /** Bytes the state may allocate. */
  memoryBytes: number;
  /** Longest run before yielding to the event loop, ms. */
  sliceMs: number;
  /** Longest run where yielding is impossible (inside a C call), ms. */
  maxBlockingMs: number;
}

export const DEFAULT_LUA_LIMITS: Readonly<LuaLimits> = {
  memoryBytes: 32 * 1024 * 1024,
  sliceMs: 4,
  maxBlockingMs: 250,
};

/** Why a run stopped early. */
export type LuaStop = "deadline" | "blocking" | "aborted";

/** State of one running call, read by the hook. */
interface RunControl {
  deadlineMs: number;
  maxBlockingMs: number;
  sliceMs: number;
  sliceStart: number;
  stop: LuaStop | undefined;
}

/** Pseudo-index of the Lua registry (LUAI_MAXSTACK 1,000,000 in this build). */
export const LUA_REGISTRYINDEX = wasmoon.LUA_REGISTRYINDEX;
const LUA_MASKCOUNT = 8;
const HOOK_EVERY = 1000;
const LUA_YIELD = 1;
const LUA_OK = 0;

let factory: LuaFactoryType | undefined;
let lua: LuaWasm | undefined;
let hookPointer = 0;
/** The call whose coroutine is running right now (Lua runs synchronously inside resume). */
let active: RunControl | undefined;

/** Loads the WebAssembly module once per process. */
export async function luaModule(): Promise<LuaWasm> {
  if (lua) return lua;
  factory ??= new wasmoon.LuaFactory();
  const module = await factory.getLuaModule();
  if (!lua) {
    lua = module;
    hookPointer = module.module.addFunction((state: number) => onHook(module, state), "vii");
  }
  return lua;
}

function onHook(module: LuaWasm, state: number): void {
  const control = active;
  if (control === undefined) return;
  const now = Date.now();
  if (control.stop === undefined) {
    if (now > control.deadlineMs) control.stop = "deadline";
    else if (now - control.sliceStart >= control.sliceMs) {
      if (module.lua_isyieldable(state)) {
        module.lua_yield(state, 0);
        return;
      }
      if (now - control.sliceStart >= control.maxBlockingMs) control.stop = "blocking";
    }
  }
  if (control.stop !== undefined) {
    // From now on every instruction raises, so no pcall can keep the call alive.
    module.lua_sethook(state, hookPointer, LUA_MASKCOUNT, 1);
    module.lua_pushstring(state, `lua call stopped: ${control.stop}`);
    module.lua_error(state);
  }
}

/** A fresh, capped state with the base, table, string and math libraries. */
export async function createLuaState(limits: LuaLimits): Promise<LuaEngine> {
  const module = await luaModule();
  const engine = new wasmoon.LuaEngine(module, {
    openStandardLibs: false,
    traceAllocations: true,
    enableProxy: false,
    injectObjects: false,
  });
  engine.global.setMemoryMax(limits.memoryBytes);
  for (const library of ["_G", "table", "string", "math"] as const) {
    engine.global.loadLibrary(library as never);
  }
  return engine;
}

export class LuaRunError extends Error {
  override readonly name = "LuaRunError";
  constructor(
    message: string,
    readonly kind: "syntax" | "runtime" | "memory" | LuaStop,
  ) {
    super(message);
  }
}

const LUA_ERRSYNTAX = 3;
const LUA_ERRMEM = 4;

/**
 * Compiles Lua text as chunk `name` (e.g. `@main.lua`, `=holo`) in text
 * mode only — a plugin file can never hand the VM bytecode, which could
 * corrupt the WebAssembly memory every state shares — and returns its
 * bytecode, made by us, for fast loading into later states. Throws
 * LuaRunError("syntax") with Lua's `main.lua:12: message`.
 */
export function compileChunk(engine: LuaEngine, source: string, name: string): Uint8Array {
  const module = engine.global.lua;
  const state = engine.global.address;
  const top = module.lua_gettop(state);
  const text = new TextEncoder().encode(source);
  const pointer = module.module._malloc(text.length + 1);
  try {
    module.module.HEAPU8.set(text, pointer);
    const status = module.luaL_loadbufferx(state, pointer, text.length, name, "t");
    if (status !== LUA_OK) {
      const message = module.lua_tolstring(state, -1, null) ?? "syntax error";
      throw new LuaRunError(message, status === LUA_ERRMEM ? "memory" : "syntax");
    }
    const parts: Uint8Array[] = [];
    const writer = module.module.addFunction((_state: number, data: number, size: number) => {
      parts.push(module.module.HEAPU8.slice(data, data + size));
      return 0;
    }, "iiiii");
    try {
      module.lua_dump(state, writer, null, 0);
    } finally {
      module.module.removeFunction(writer);
    }
    const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
    let offset = 0;
    for (const part of parts) {
      bytes.set(part, offset);
      offset += part.length;
    }
    return bytes;
  } finally {
    module.module._free(pointer);
    module.lua_settop(state, top);
  }
}

/** Loads bytecode made by compileChunk onto a new coroutine of `engine`, ready to run. */
export function loadCompiled(engine: LuaEngine, bytes: Uint8Array, name: string): LuaThread {
  const thread = engine.global.newThread();
  const module = thread.lua;
  const pointer = module.module._malloc(bytes.length);
  try {
    module.module.HEAPU8.set(bytes, pointer);
    const status = module.luaL_loadbufferx(thread.address, pointer, bytes.length, name, "b");
    if (status !== LUA_OK) {
      const message = module.lua_tolstring(thread.address, -1, null) ?? "cannot load chunk";
      throw new LuaRunError(message, status === LUA_ERRMEM ? "memory" : "runtime");
    }
  } finally {
    module.module._free(pointer);
  }
  return thread;
}

export interface RunOptions {
  deadlineMs: number;
  limits: LuaLimits;
  signal?: AbortSignal;
}

/**
 * Runs the function on top of `thread`'s stack with `argCount` arguments
 * already pushed, as a coroutine: yields with a promise (a host call) wait
 * for it; plain yields (the hook's slices) wait one macrotask. Returns the
 * results as JS values.
 */
export async function runThread(thread: LuaThread, argCount: number, options: RunOptions): Promise<unknown[]> {
  const control: RunControl = {
    deadlineMs: options.deadlineMs,
    maxBlockingMs: options.limits.maxBlockingMs,
    sliceMs: options.limits.sliceMs,
    sliceStart: 0,
    stop: undefined,
  };
  const module = thread.lua;
  module.lua_sethook(thread.address, hookPointer, LUA_MASKCOUNT, HOOK_EVERY);
  let args = argCount;
  for (;;) {
    if (options.signal?.aborted) throw new LuaRunError("lua call aborted", "aborted");
    control.sliceStart = Date.now();
    const previous = active;
    active = control;
    let result: { result: number; resultCount: number };
    try {
      result = thread.resume(args);
    } finally {
      active = previous;
    }
    args = 0;
    if (result.result === LUA_OK) return thread.getStackValues() as unknown[];
    if (result.result !== LUA_YIELD) throw failure(thread, result.result, control);
    let pending: unknown;
    if (result.resultCount > 0) {
      pending = thread.getValue(-1);
      thread.pop(result.resultCount);
    }
    if (pending instanceof Promise) await within(pending, control, options.signal);
    else await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Waits for a host call, but not past the deadline or an abort. */
async function within(pending: Promise<unknown>, control: RunControl, signal?: AbortSignal): Promise<void> {
  const remaining = control.deadlineMs - Date.now();
  if (remaining <= 0) throw new LuaRunError("lua call stopped: deadline", "deadline");
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    await Promise.race([
      pending,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new LuaRunError("lua call stopped: deadline", "deadline")), remaining);
        onAbort = () => reject(new LuaRunError("lua call aborted", "aborted"));
        signal?.addEventListener("abort", onAbort, { once: true });
      }),
    ]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener("abort", onAbort);
  }
}

function failure(thread: LuaThread, code: number, control: RunControl): LuaRunError {
  let message = `lua error ${code}`;
  if (thread.getTop() > 0) {
    const value = thread.getValue(-1);
    message = value instanceof Error ? value.message : thread.indexToString(-1);
  }
  if (control.stop !== undefined) return new LuaRunError(message, control.stop);
  if (code === LUA_ERRMEM) return new LuaRunError(`not enough memory (limit reached): ${message}`, "memory");
  if (code === LUA_ERRSYNTAX) return new LuaRunError(message, "syntax");
  return new LuaRunError(message, "runtime");
}
