import { validatePaths } from "@holomush/host";
import { BUILT_IN_SERVICES } from "../world/built-in-world.js";
import { DEFAULT_LOAD_CHECKS } from "./default-runtimes.js";

/** `holomush-host validate PATH…`: prints `path: field: CODE: message` per error; exit 1 when any. */
export async function validateCommand(paths: string[]): Promise<number> {
  // The same load-time checks `run` does (module files, wasm imports, executables), not just the YAML.
  const errors = await validatePaths(paths, { hostServices: [...BUILT_IN_SERVICES], loadChecks: DEFAULT_LOAD_CHECKS });
  for (const error of errors) console.log(error.format());
  if (errors.length === 0) console.log(`ok: ${paths.join(", ")}`);
  return errors.length === 0 ? 0 : 1;
}
