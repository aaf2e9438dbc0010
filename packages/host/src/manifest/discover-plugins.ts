/**
 * Plugin discovery over search paths (HOLOMUSH_PLUGIN_PATH, like KSI's
 * KSI_PLUGIN_PATH): every immediate subdirectory holding a plugin.yaml is a
 * plugin, and a search path holding a plugin.yaml itself is that one plugin.
 * Bad plugins are reported and skipped; the others still load.
 */
import type { Dirent } from "node:fs";
import { lstat, readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { HostError, HostErrorCode } from "../errors.js";
import type { ManifestSource } from "./manifest.js";
import { loadManifest, readError } from "./parse-manifest.js";
import type { ManifestResult } from "./validate-manifest.js";

/** The file that makes a directory a plugin. */
export const MANIFEST_FILE_NAME = "plugin.yaml";

/** The plugins found on the search paths, and the errors of those skipped. */
export interface DiscoveryResult {
  /** Valid plugins, in search-path order then directory-name order. */
  sources: ManifestSource[];
  errors: HostError[];
}

/** Splits a `HOLOMUSH_PLUGIN_PATH`-style list on the platform's path delimiter, dropping empty entries. */
export function parsePluginPath(value: string): string[] {
  return value
    .split(path.delimiter)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
}

/**
 * Finds and validates the plugins under each search path. When two plugins
 * share a name, the one found first (earlier search path) wins and the other
 * is reported as DUPLICATE_PLUGIN.
 */
export async function discoverPlugins(searchPaths: string[]): Promise<DiscoveryResult> {
  const sources: ManifestSource[] = [];
  const errors: HostError[] = [];
  const byName = new Map<string, ManifestSource>();
  for (const searchPath of searchPaths) {
    for (const result of await scanSearchPath(path.resolve(searchPath))) {
      errors.push(...result.errors);
      if (!result.source) continue;
      const { name } = result.source.manifest;
      const first = byName.get(name);
      if (first) {
        const message = `plugin "${name}" in ${result.source.dir} is ignored: the same name was already found in ${first.dir}`;
        const details = { first: first.dir, second: result.source.dir };
        errors.push(
          new HostError(HostErrorCode.DUPLICATE_PLUGIN, message, { plugin: name, file: result.source.file, details }),
        );
        continue;
      }
      byName.set(name, result.source);
      sources.push(result.source);
    }
  }
  return { sources, errors };
}

async function scanSearchPath(root: string): Promise<ManifestResult[]> {
  let realRoot: string;
  let entries: Dirent[];
  try {
    realRoot = await realpath(root);
    entries = await readdir(realRoot, { withFileTypes: true });
    // A search path that is itself a plugin directory (`--plugins examples/greeter`) is that one plugin.
    const manifest = entries.find((entry) => entry.name === MANIFEST_FILE_NAME);
    if (manifest?.isSymbolicLink()) {
      const message = "plugin.yaml is a symlink: it must be a regular file in the plugin directory";
      const file = path.join(root, MANIFEST_FILE_NAME);
      return [{ errors: [new HostError(HostErrorCode.PATH_ESCAPES_PLUGIN_DIR, message, { file })] }];
    }
    if (manifest?.isFile()) return [await loadManifest(path.join(root, MANIFEST_FILE_NAME))];
  } catch (error) {
    const failure = readError(error, root);
    if (failure.code === HostErrorCode.MANIFEST_NOT_FOUND) {
      const message = "plugin search path does not exist or is not a directory";
      return [{ errors: [new HostError(HostErrorCode.MANIFEST_NOT_FOUND, message, { file: root, cause: error })] }];
    }
    return [{ errors: [failure] }];
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const results = await Promise.all(entries.map((entry) => scanEntry(root, realRoot, entry)));
  return results.filter((result): result is ManifestResult => result !== undefined);
}

/** Returns undefined for entries that are not plugins (files, directories without plugin.yaml). */
async function scanEntry(root: string, realRoot: string, entry: Dirent): Promise<ManifestResult | undefined> {
  const dir = path.join(root, entry.name);
  const file = path.join(dir, MANIFEST_FILE_NAME);
  const refuse = (message: string): ManifestResult => ({
    errors: [new HostError(HostErrorCode.PATH_ESCAPES_PLUGIN_DIR, message, { file })],
  });
  if (entry.isSymbolicLink()) {
    // Only refuse links that would have been plugins; a linked README folder is not our business.
    const target = await stat(file).catch(() => undefined);
    return target
      ? refuse("plugin directory is a symlink: plugins must be real directories inside the search path")
      : undefined;
  }
  if (!entry.isDirectory()) return undefined;
  let info: Awaited<ReturnType<typeof lstat>>;
  try {
    info = await lstat(file);
  } catch (error) {
    const failure = readError(error, file);
    return failure.code === HostErrorCode.MANIFEST_NOT_FOUND ? undefined : { errors: [failure] };
  }
  if (info.isSymbolicLink())
    return refuse("plugin.yaml is a symlink: it must be a regular file in the plugin directory");
  try {
    const [realDir, realFile] = await Promise.all([realpath(dir), realpath(file)]);
    if (!isInside(realRoot, realDir) || !isInside(realDir, realFile)) {
      return refuse(`plugin directory resolves to ${realDir}, outside the search path ${realRoot}`);
    }
  } catch (error) {
    return { errors: [readError(error, file)] };
  }
  return loadManifest(file);
}

function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative !== "" && relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}
