/**
 * The process runtime's load-time checks, shared by `load()` (which resolves
 * the executable the same way before spawning) and `holomush-host validate`:
 * a declared executable must exist inside the plugin directory, be a file and
 * be executable. A manifest without one is a dial-in plugin: nothing to check.
 */
import type { ManifestSource } from "../../manifest/manifest.js";
import { resolveExecutable } from "./spawn-plugin.js";

/** The process runtime's load check: the executable exists and may be run, as the runtime resolves it before spawning. */
export async function checkProcessPlugin(source: ManifestSource): Promise<void> {
  if (source.manifest.binaryPlugin?.executable) resolveExecutable(source);
}
