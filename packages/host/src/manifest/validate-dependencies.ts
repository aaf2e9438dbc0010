/**
 * `requires` / `provides` (proto service names) and `dependencies[]`
 * (other plugins by name, with an optional semver range).
 */
import semver from "semver";
import { type FieldChecker, fieldPath, isMapping } from "./field-checker.js";
import type { PluginDependency } from "./manifest.js";
import { PLUGIN_NAME_MAX_LENGTH, PLUGIN_NAME_PATTERN, SERVICE_NAME_PATTERN } from "./manifest-rules.js";

export const PLUGIN_NAME_RULE = {
  pattern: PLUGIN_NAME_PATTERN,
  patternHint: "lowercase letters and digits with single hyphens between them, starting with a letter",
  maxLength: PLUGIN_NAME_MAX_LENGTH,
};

export function validateServiceList(check: FieldChecker, value: unknown, key: "requires" | "provides"): string[] {
  const rule = {
    pattern: SERVICE_NAME_PATTERN,
    patternHint: "a fully-qualified proto service name (e.g. holomush.world.v1.WorldService)",
  };
  return check.stringList(value, key, rule) ?? [];
}

/**
 * @param self the plugin's own name (when valid), to refuse self-dependencies
 */
export function validateDependencies(
  check: FieldChecker,
  value: unknown,
  self: string | undefined,
): PluginDependency[] {
  const dependencies: PluginDependency[] = [];
  const seen = new Map<string, string>();
  (check.list(value, "dependencies") ?? []).forEach((item, index) => {
    const parent = fieldPath("dependencies", index);
    const dependency = readDependency(check, item, parent);
    if (!dependency) return;
    const nameField = isMapping(item) ? fieldPath(parent, "name") : parent;
    if (dependency.name === self) {
      check.fail(nameField, `a plugin cannot depend on itself ("${self}")`);
    } else if (seen.has(dependency.name)) {
      check.fail(nameField, `dependency "${dependency.name}" is already declared at ${seen.get(dependency.name)}`);
    } else {
      seen.set(dependency.name, parent);
      dependencies.push(dependency);
    }
  });
  return dependencies;
}

function readDependency(check: FieldChecker, item: unknown, parent: string): PluginDependency | undefined {
  if (typeof item === "string") {
    const name = check.string(item, parent, PLUGIN_NAME_RULE);
    return name === undefined ? undefined : { name, version: "*", optional: false };
  }
  if (!isMapping(item)) {
    return check.fail(parent, "must be a plugin name or a mapping { name, version?, optional? }");
  }
  check.knownKeys(item, parent, ["name", "version", "optional"]);
  const name = check.required(item, parent, "name", (value, at) => check.string(value, at, PLUGIN_NAME_RULE));
  let version: string | undefined = "*";
  if (item.version !== undefined) {
    const field = fieldPath(parent, "version");
    version = check.string(item.version, field, { nonEmpty: true });
    if (version !== undefined && semver.validRange(version) === null) {
      version = check.fail(field, `${JSON.stringify(version)} is not a semver range (e.g. ^1.2.0, >=1.0.0 <2.0.0)`);
    }
  }
  const optional = item.optional === undefined ? false : check.boolean(item.optional, fieldPath(parent, "optional"));
  if (name === undefined || version === undefined || optional === undefined) return undefined;
  return { name, version, optional };
}
