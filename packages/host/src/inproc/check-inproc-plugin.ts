/**
 * The in-process runtime's load-time check for a plugin loaded from its
 * manifest (not a registered object): `inproc-plugin.module` is declared and
 * names a file. Shared by the runtime (before it imports the module) and
 * `holomush-host validate` (which never runs plugin code).
 */
import { statSync } from "node:fs";
import { HostError, HostErrorCode } from "../errors.js";
import type { ManifestSource } from "../manifest/manifest.js";
import { realPluginPath } from "../manifest/real-plugin-paths.js";

const FIELD = "inproc-plugin.module";

/** The module's absolute path, or a coded HostError. */
export function resolveInprocModule(source: ManifestSource): string {
  const { manifest, file } = source;
  const modulePath = manifest.inprocPlugin?.module;
  if (modulePath === undefined) {
    throw new HostError(
      HostErrorCode.PLUGIN_LOAD_FAILED,
      `plugin ${manifest.name}: no object registered and no inproc-plugin.module in the manifest`,
      { plugin: manifest.name, file, field: FIELD },
    );
  }
  // The real path must stay inside the plugin directory (a symlink may not lead out).
  const absolute = realPluginPath(source, modulePath, FIELD);
  const isFile = (() => {
    try {
      return statSync(absolute).isFile();
    } catch {
      return false;
    }
  })();
  if (!isFile) {
    throw new HostError(
      HostErrorCode.PLUGIN_LOAD_FAILED,
      `plugin ${manifest.name}: module ${modulePath} does not exist (not built yet?)`,
      { plugin: manifest.name, file, field: FIELD },
    );
  }
  return absolute;
}

/** The in-process runtime's load check: the manifest names a module file inside the plugin directory. */
export async function checkInprocPlugin(source: ManifestSource): Promise<void> {
  resolveInprocModule(source);
}
