/**
 * `dependencies[]` of plugin.yaml: a plugin name, or `{ name, version?, optional? }`
 * with a semver range; no self-dependency, no dependency twice. Part of the
 * manifest definition (manifest-schema.ts).
 */
import { Type } from "@sinclair/typebox";
import semver from "semver";
import { type FieldChecker, fieldPath, isMapping } from "./field-checker.js";
import type { PluginDependency } from "./manifest.js";
import { shaped } from "./manifest-section.js";
import { nonEmptyText, pluginName } from "./schema-nodes.js";
import { type ReadContext, readNode } from "./schema-reader.js";

const dependencyObject = shaped<PluginDependency>()(
  Type.Object(
    {
      name: pluginName(),
      version: Type.Optional(
        nonEmptyText({
          default: "*",
          description: "Semver range the dependency must satisfy, e.g. ^1.2.0 (default *).",
          "x-after": (check: FieldChecker, value: unknown, field: string) => {
            if (semver.validRange(value as string) === null) {
              check.fail(field, `${JSON.stringify(value)} is not a semver range (e.g. ^1.2.0, >=1.0.0 <2.0.0)`);
            }
          },
        }),
      ),
      optional: Type.Optional(Type.Boolean({ default: false, description: "Load without it when it is missing." })),
    },
    { additionalProperties: false },
  ),
);

export const dependency = Type.Union([pluginName(), dependencyObject], {
  "x-read": (check: FieldChecker, item: unknown, field: string, ctx: ReadContext) => {
    if (typeof item === "string") {
      const name = readNode(check, pluginName(), item, field, ctx);
      return name === undefined ? undefined : { name, version: "*", optional: false };
    }
    if (!isMapping(item)) return check.fail(field, "must be a plugin name or a mapping { name, version?, optional? }");
    return readNode(check, dependencyObject, item, field, ctx);
  },
});

/** No self-dependency, no dependency twice (across the string and mapping forms). */
export function distinctDependencies(
  check: FieldChecker,
  raw: unknown[],
  read: unknown[],
  field: string,
  ctx: ReadContext,
) {
  const self = ctx.manifest.name;
  const seen = new Map<string, string>();
  read.forEach((item, index) => {
    const name = (item as { name?: string } | undefined)?.name;
    if (name === undefined) return;
    const parent = fieldPath(field, index);
    const at = isMapping(raw[index]) ? fieldPath(parent, "name") : parent;
    if (name === self) check.fail(at, `a plugin cannot depend on itself ("${self}")`);
    else if (seen.has(name)) check.fail(at, `dependency "${name}" is already declared at ${seen.get(name)}`);
    else seen.set(name, parent);
  });
}
