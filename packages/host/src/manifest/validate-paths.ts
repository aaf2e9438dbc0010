/**
 * What `holomush-host validate PATH…` checks. Each PATH may be a plugin.yaml,
 * a plugin directory holding one, or a directory of plugin directories (then
 * discovery and dependency resolution run over it and report everything).
 */
import type { Stats } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import type { HostError } from "../errors.js";
import { resolveLoadOrder } from "../plugins/dependency-graph.js";
import { discoverPlugins, MANIFEST_FILE_NAME } from "./discover-plugins.js";
import { loadManifest, readError } from "./parse-manifest.js";

export interface ValidatePathsOptions {
  /** Services the host provides, so `requires` on them is satisfied. Default none. */
  hostServices?: string[];
}

/** `path: field: CODE: message`, one line per error. */
export function formatHostError(error: HostError): string {
  return error.format();
}

/** Validates every path and returns all errors found (empty when everything is valid). */
export async function validatePaths(paths: string[], options: ValidatePathsOptions = {}): Promise<HostError[]> {
  const errors: HostError[] = [];
  for (const target of paths) {
    const absolute = path.resolve(target);
    let info: Stats;
    try {
      info = await stat(absolute);
    } catch (error) {
      errors.push(readError(error, absolute));
      continue;
    }
    // A path named plugin.yaml, or a directory holding a plugin.yaml of any kind, is a manifest:
    // loadManifest refuses one that is not a regular file instead of scanning it as a search path.
    if (!info.isDirectory() || path.basename(absolute) === MANIFEST_FILE_NAME) {
      errors.push(...(await loadManifest(absolute)).errors);
    } else if (await exists(path.join(absolute, MANIFEST_FILE_NAME))) {
      errors.push(...(await loadManifest(path.join(absolute, MANIFEST_FILE_NAME))).errors);
    } else {
      const discovered = await discoverPlugins([absolute]);
      const resolved = resolveLoadOrder(discovered.sources, { hostServices: options.hostServices ?? [] });
      errors.push(...discovered.errors, ...resolved.errors);
    }
  }
  return errors;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
