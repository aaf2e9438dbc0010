/**
 * Paths in a manifest (module, executable, entry, work-dir, allowed-paths)
 * are relative to the plugin directory and must stay inside it after
 * normalisation, so a manifest can never point the host at files it does not own.
 */
import path from "node:path";
import { HostErrorCode } from "../errors.js";
import type { FieldChecker } from "./field-checker.js";

export interface PluginPathRule {
  /** The path must name something below the plugin directory, not the directory itself. */
  file?: boolean;
  /** Required file extension, e.g. `.wasm`. */
  extension?: string;
}

/**
 * Normalises a plugin-relative path (`./bin//x` → `bin/x`), or returns
 * undefined when it is absolute or leaves the plugin directory. Backslashes
 * count as separators so a manifest written on Windows cannot sneak `..\`.
 */
export function normalizePluginPath(value: string): string | undefined {
  if (path.posix.isAbsolute(value) || path.win32.isAbsolute(value) || /^[A-Za-z]:/.test(value)) return undefined;
  const normalized = path.posix.normalize(value.replaceAll("\\", "/"));
  if (normalized === ".." || normalized.startsWith("../")) return undefined;
  return normalized.replace(/\/+$/, "") || ".";
}

/** Checks one manifest path field; records MANIFEST_INVALID or PATH_ESCAPES_PLUGIN_DIR. */
export function checkPluginPath(
  check: FieldChecker,
  value: unknown,
  field: string,
  rule: PluginPathRule = {},
): string | undefined {
  const text = check.string(value, field, { nonEmpty: true });
  if (text === undefined) return undefined;
  if (text.includes("\0")) return check.fail(field, "must not contain a NUL character");
  const normalized = normalizePluginPath(text);
  if (normalized === undefined) {
    return check.fail(
      field,
      `${JSON.stringify(text)} leaves the plugin directory: use a relative path inside it (no leading "/", no escaping "..")`,
      HostErrorCode.PATH_ESCAPES_PLUGIN_DIR,
    );
  }
  if (rule.file && normalized === ".") {
    return check.fail(field, `${JSON.stringify(text)} names the plugin directory itself: name a file inside it`);
  }
  if (rule.extension && !normalized.endsWith(rule.extension)) {
    return check.fail(field, `${JSON.stringify(text)} must end with ${rule.extension}`);
  }
  return normalized;
}
