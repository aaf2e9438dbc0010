/**
 * `holomush-host run` compiles WebAssembly with V8's baseline compiler
 * (Liftoff) only, never tiering hot functions up to TurboFan. The embedded
 * PostgreSQL (PGlite) and Cedar are WASM modules the host always runs, and
 * their optimized code and its compilation held ~75 MB of an idle host's
 * ~240 MB; the CPU cost measured on the host's own work was ~5 % for storage
 * calls and none for Cedar (docs/benchmarks.md, "Memory footprint").
 * Compute-heavy WASM plugins are the ones that lose most: set
 * HOLOMUSH_WASM_OPTIMIZE=1 to keep TurboFan. V8 flags are process-wide and
 * read at compile time, so this runs before anything compiles WASM.
 */
import { setFlagsFromString } from "node:v8";

/** Applies Liftoff-only compilation unless the environment opts out. True when applied. */
export function preferLeanWasm(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.HOLOMUSH_WASM_OPTIMIZE === "1") return false;
  setFlagsFromString("--liftoff-only");
  return true;
}
