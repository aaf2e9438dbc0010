/**
 * Manifest paths checked against the file system: the lexical check
 * (plugin-relative-path.ts) cannot see symlinks, so every path the host
 * will read, run, import, chdir into or hand to a WASI guest is resolved
 * to its real path and must stay inside the plugin directory's real path.
 * A granted directory (`wasm-plugin.allowed-paths`) is walked as well: a
 * symlink anywhere below it may not lead out either. Run at validate and
 * discovery, and again by each runtime at load (the tree may have changed
 * in between). To share a directory from elsewhere the operator mounts it
 * inside the plugin directory (a bind mount is the operator's act; a
 * symlink can be anyone's).
 */
import { lstatSync, readdirSync, readlinkSync, realpathSync } from "node:fs";
import path from "node:path";
import { HostError, HostErrorCode } from "../errors.js";
import type { ManifestSource } from "./manifest.js";

/** A granted tree larger than this is refused: the host will not walk it at every load. */
export const GRANTED_TREE_MAX_ENTRIES = 10_000;

export interface RealPathRule {
  /** The path is a granted directory: refuse any symlink below it that leads outside. */
  tree?: boolean;
}

/**
 * The real path of a plugin-relative manifest path, or a coded HostError
 * naming the file and field. A path that does not exist yet resolves through
 * its deepest existing ancestor (whose real path must stay inside).
 */
export function realPluginPath(
  source: ManifestSource,
  relative: string,
  field: string,
  rule: RealPathRule = {},
): string {
  const context = { plugin: source.manifest.name, file: source.file, field };
  let root: string;
  let real: string;
  try {
    root = realpathSync(source.dir);
    real = realOrAncestor(path.resolve(source.dir, relative));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new HostError(HostErrorCode.MANIFEST_UNREADABLE, `cannot resolve ${JSON.stringify(relative)}: ${reason}`, {
      ...context,
      cause: error,
    });
  }
  if (!isInside(root, real)) {
    throw new HostError(
      HostErrorCode.PATH_ESCAPES_PLUGIN_DIR,
      `${JSON.stringify(relative)} resolves to ${real}, outside the plugin directory ${root}`,
      context,
    );
  }
  if (rule.tree) checkTree(root, real, relative, context);
  return real;
}

/** Every manifest path of a validated manifest, checked; returns the errors (none when all stay inside). */
export function checkManifestRealPaths(source: ManifestSource): HostError[] {
  const { manifest } = source;
  const checks: [string | undefined, string, RealPathRule?][] = [
    [manifest.wasmPlugin?.module, "wasm-plugin.module"],
    ...Object.keys(manifest.wasmPlugin?.allowedPaths ?? {}).map((hostPath): [string, string, RealPathRule] => [
      hostPath,
      `wasm-plugin.allowed-paths.${hostPath}`,
      { tree: true },
    ]),
    [manifest.binaryPlugin?.executable, "binary-plugin.executable"],
    [manifest.binaryPlugin?.workDir, "binary-plugin.work-dir"],
    [manifest.inprocPlugin?.module, "inproc-plugin.module"],
    [manifest.luaPlugin?.entry, "lua-plugin.entry"],
  ];
  const errors: HostError[] = [];
  for (const [relative, field, rule] of checks) {
    if (relative === undefined) continue;
    try {
      realPluginPath(source, relative, field, rule);
    } catch (error) {
      errors.push(HostError.from(error, HostErrorCode.MANIFEST_UNREADABLE, { file: source.file, field }));
    }
  }
  return errors;
}

function realOrAncestor(absolute: string): string {
  let missing = "";
  let current = absolute;
  for (;;) {
    try {
      return path.join(realpathSync(current), missing);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const parent = path.dirname(current);
      if ((code !== "ENOENT" && code !== "ENOTDIR") || parent === current) throw error;
      // A dangling symlink names where it would lead: resolve that instead of skipping it.
      const link = readLinkOrUndefined(current);
      if (link !== undefined) {
        current = path.resolve(parent, link);
        continue;
      }
      missing = path.join(path.basename(current), missing);
      current = parent;
    }
  }
}

function readLinkOrUndefined(file: string): string | undefined {
  try {
    return readlinkSync(file);
  } catch {
    return undefined;
  }
}

function checkTree(
  root: string,
  top: string,
  relative: string,
  context: { plugin: string; file: string; field: string },
) {
  let seen = 0;
  const pending = [top];
  // Real paths of directories walked: a symlinked directory is walked at its target, once.
  const visited = new Set<string>();
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    if (visited.has(dir)) continue;
    visited.add(dir);
    let names: string[];
    try {
      if (!lstatSync(dir).isDirectory()) continue;
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (++seen > GRANTED_TREE_MAX_ENTRIES) {
        throw new HostError(
          HostErrorCode.MANIFEST_INVALID,
          `${JSON.stringify(relative)} holds more than ${GRANTED_TREE_MAX_ENTRIES} entries; grant a smaller directory`,
          context,
        );
      }
      const entry = path.join(dir, name);
      const info = lstatSync(entry);
      if (info.isSymbolicLink()) {
        let real: string;
        try {
          real = realOrAncestor(entry);
        } catch (error) {
          throw new HostError(
            HostErrorCode.PATH_ESCAPES_PLUGIN_DIR,
            `${JSON.stringify(relative)} contains ${path.relative(root, entry)}, a symlink that cannot be resolved (${(error as NodeJS.ErrnoException).code ?? error})`,
            context,
          );
        }
        if (!isInside(root, real)) {
          throw new HostError(
            HostErrorCode.PATH_ESCAPES_PLUGIN_DIR,
            `${JSON.stringify(relative)} contains ${path.relative(root, entry)}, a symlink to ${real}, outside the plugin directory ${root}`,
            context,
          );
        }
        // Inside, but possibly outside the granted tree: what it leads to is reachable too.
        pending.push(real);
      } else if (info.isDirectory()) {
        pending.push(entry);
      }
    }
  }
}

function isInside(root: string, real: string): boolean {
  const inside = path.relative(root, real);
  return inside === "" || (!inside.startsWith(`..${path.sep}`) && inside !== ".." && !path.isAbsolute(inside));
}
