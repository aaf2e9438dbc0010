/**
 * What `holomush-host validate PATH…` checks. Each PATH may be a plugin.yaml,
 * a plugin directory holding one, or a directory of plugin directories (then
 * discovery and dependency resolution run over it and report everything).
 */
import type { Stats } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { HostError, HostErrorCode } from "../errors.js";
import { discoverPlugins, MANIFEST_FILE_NAME } from "../manifest/discover-plugins.js";
import type { ManifestSource, PluginType } from "../manifest/manifest.js";
import { loadManifest, readError } from "../manifest/parse-manifest.js";
import { resolveLoadOrder } from "./dependency-graph.js";
import type { LoadCheck } from "./runtime.js";

/** Options of validatePaths. */
export interface ValidatePathsOptions {
  /** Services the host provides, so `requires` on them is satisfied. Default none. */
  hostServices?: string[];
  /**
   * The load-time checks of the runtimes `run` would have, by plugin type
   * (the same functions their `load()` runs). When given, a valid manifest is
   * also checked by its runtime, and a type without one is RUNTIME_UNAVAILABLE.
   * Default: manifests only.
   */
  loadChecks?: Partial<Record<PluginType, LoadCheck>>;
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
    let sources: ManifestSource[];
    // A path named plugin.yaml, or a directory holding a plugin.yaml of any kind, is a manifest:
    // loadManifest refuses one that is not a regular file instead of scanning it as a search path.
    const inner = path.join(absolute, MANIFEST_FILE_NAME);
    const named = !info.isDirectory() || path.basename(absolute) === MANIFEST_FILE_NAME;
    if (named || (await exists(inner))) {
      const result = await loadManifest(named ? absolute : inner);
      errors.push(...result.errors);
      sources = result.source ? [result.source] : [];
    } else {
      const discovered = await discoverPlugins([absolute]);
      const resolved = resolveLoadOrder(discovered.sources, { hostServices: options.hostServices ?? [] });
      errors.push(...discovered.errors, ...resolved.errors);
      sources = discovered.sources;
    }
    if (options.loadChecks)
      for (const source of sources) errors.push(...(await runLoadCheck(source, options.loadChecks)));
  }
  return errors;
}

async function runLoadCheck(
  source: ManifestSource,
  checks: Partial<Record<PluginType, LoadCheck>>,
): Promise<HostError[]> {
  const { manifest, file } = source;
  const check = checks[manifest.type];
  if (check === undefined) {
    const message = `no runtime for plugin type "${manifest.type}" in this host`;
    return [new HostError(HostErrorCode.RUNTIME_UNAVAILABLE, message, { plugin: manifest.name, file, field: "type" })];
  }
  try {
    await check(source);
    return [];
  } catch (error) {
    return [HostError.from(error, HostErrorCode.PLUGIN_LOAD_FAILED, { plugin: manifest.name, file })];
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
