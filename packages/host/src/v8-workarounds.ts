/**
 * V8 11.3 (Node 20) aborts the process — "Fatal error: unreachable code" in
 * Deoptimizer::DoComputeBuiltinContinuation — when optimized code that
 * inlined a JS→Wasm call is lazily deoptimized while the call is in flight.
 * Cedar's wasm-bindgen exports hit it under load (the uncached-authorizer
 * benchmark crashed one run in two); a WASM plugin's guest call, whose host
 * functions run JS mid-call, is the same shape. Turning the inlining off
 * avoids it; measured: no change to the cost of an Extism or Cedar call.
 * Newer V8 (Node 22+) handles that frame and keeps the inlining. V8 flags
 * are process-wide, so setting it on the main thread covers workers.
 */
import { setFlagsFromString } from "node:v8";

/** V8 major versions whose deoptimizer lacks the JS→Wasm continuation fix. */
const AFFECTED_V8_BELOW = 12;

let applied = false;

export function hasJsToWasmDeoptBug(v8Version: string): boolean {
  const major = Number.parseInt(v8Version, 10);
  return Number.isFinite(major) && major < AFFECTED_V8_BELOW;
}

/** Applies the workaround on an affected V8 (process-wide; idempotent). True when applied. */
export function avoidJsToWasmDeoptCrash(v8Version = process.versions.v8): boolean {
  if (applied) return true;
  if (!hasJsToWasmDeoptBug(v8Version)) return false;
  // Read when TurboFan optimizes a function: set before Cedar code runs hot.
  setFlagsFromString("--no-turbo-inline-js-wasm-calls");
  applied = true;
  return true;
}
