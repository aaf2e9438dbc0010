/**
 * Writes a new plugin directory. Refuses to write into a folder that has
 * files in it (nothing of the author's is ever overwritten).
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { findKind, PLUGIN_KINDS } from "./kinds.js";
import type { TemplateFile } from "./plugin-kind.js";
import { pluginNameProblem } from "./plugin-name.js";
import { type ContextOptions, createTemplateContext, json } from "./template-context.js";

/** What scaffoldPlugin writes and where. */
export interface ScaffoldOptions extends ContextOptions {
  /** `--kind`: one of PLUGIN_KINDS' ids. */
  kind: string;
  /** Where to write; created if missing, must be empty if present. */
  directory: string;
}

/** What scaffoldPlugin wrote and what to run next. */
export interface ScaffoldResult {
  /** The plugin directory, absolute. */
  directory: string;
  /** Paths written, relative to the directory, sorted. */
  files: string[];
  /** What to run next, in the directory. */
  steps: readonly string[];
}

/** Bad scaffolding input: an invalid name, an unknown kind, or a target that exists and is not an empty folder. */
export class ScaffoldError extends Error {
  override readonly name = "ScaffoldError";
}

/** Writes a new plugin of `options.kind` into `options.directory`; throws ScaffoldError on bad input. */
export function scaffoldPlugin(options: ScaffoldOptions): ScaffoldResult {
  const problem = pluginNameProblem(options.name);
  if (problem !== undefined) throw new ScaffoldError(`invalid plugin name "${options.name}": ${problem}`);
  const kind = findKind(options.kind);
  if (kind === undefined) {
    const known = PLUGIN_KINDS.map((k) => k.id).join(", ");
    throw new ScaffoldError(`unknown kind "${options.kind}" (choose one of: ${known})`);
  }
  const directory = resolve(options.directory);
  if (existsSync(directory)) {
    if (!statSync(directory).isDirectory()) throw new ScaffoldError(`${directory} exists and is not a directory`);
    if (readdirSync(directory).length > 0) throw new ScaffoldError(`${directory} is not empty; choose a new folder`);
  }
  const files = withLocalOverrides(kind.files(createTemplateContext(options)), options.packages);
  for (const [path, file] of Object.entries(files)) {
    const target = join(directory, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.text);
    if (file.mode !== undefined) chmodSync(target, file.mode);
  }
  return { directory, files: Object.keys(files).sort(), steps: kind.steps };
}

/**
 * With local tarballs, our packages' own dependencies on each other (testkit
 * → host → proto) must resolve to the tarballs too, not the registry: npm
 * `overrides` pin every one of them.
 */
function withLocalOverrides(
  files: Record<string, TemplateFile>,
  packages: ContextOptions["packages"],
): Record<string, TemplateFile> {
  const manifest = files["package.json"];
  if (packages === undefined || manifest === undefined || Object.keys(packages).length === 0) return files;
  const overrides = Object.fromEntries(Object.entries(packages).map(([name, tarball]) => [name, `file:${tarball}`]));
  return { ...files, "package.json": { text: json({ ...JSON.parse(manifest.text), overrides }) } };
}
