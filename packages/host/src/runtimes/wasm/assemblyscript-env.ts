/**
 * The one import of AssemblyScript's runtime the host provides, so a guest
 * built by plain `asc` loads: `env::seed() -> f64`, which `Math.random` calls
 * once to seed its generator. The seed comes from the host's CSPRNG; a guest
 * gains no host state from it. (`env::abort` stays the guest's own: build with
 * `--use abort=...`, see @holomush/wasm-pdk's pdkAbort.)
 */
import { randomBytes } from "node:crypto";

export const ASSEMBLYSCRIPT_ENV_NAMESPACE = "env";
export const ASSEMBLYSCRIPT_ENV_FUNCTIONS: readonly string[] = ["seed"];

/** Extism `functions` entry; Extism passes its call context first. */
export function assemblyScriptEnvFunctions(): Record<string, Record<string, (...args: unknown[]) => number>> {
  return {
    [ASSEMBLYSCRIPT_ENV_NAMESPACE]: {
      // 53 random bits: any f64 works as a seed; avoid NaN/Infinity bit patterns.
      seed: () => Number(randomBytes(8).readBigUInt64BE() >> 11n),
    },
  };
}
