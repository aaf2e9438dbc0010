/**
 * The published JSON Schema of plugin.yaml (`@holomush/host/plugin.schema.json`),
 * generated from the manifest definition: the reader-only `x-…` keywords are
 * dropped, HoloMUSH's extra top-level keys are added, and the rules across
 * fields are stated as `if`/`then`. `pnpm --filter @holomush/host generate:schema`
 * writes it; plugin-json-schema.test.ts fails when the committed file is stale.
 */
import { MANIFEST_SECTIONS } from "../runtimes/manifest-sections.js";
import { HOLOMUSH_ONLY_PROPERTIES } from "./holomush-keys.js";
import { PluginManifestSchema } from "./manifest-schema.js";
import { ifThen } from "./schema-nodes.js";

/** A JSON copy of a definition node without the reader's keywords (functions and symbols drop out too). */
function published(node: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(node, (key, value) => (key.startsWith("x-") ? undefined : value)));
}

/** `type: X` needs the `X-plugin` section and forbids the others. */
function sectionRules(): object[] {
  return MANIFEST_SECTIONS.map((section) =>
    ifThen(
      { properties: { type: { const: section.type } }, required: ["type"] },
      {
        required: [section.key],
        properties: Object.fromEntries(
          MANIFEST_SECTIONS.filter((other) => other !== section).map((other) => [other.key, false]),
        ),
      },
    ),
  );
}

/** The JSON Schema (draft-07) of plugin.yaml. */
export function pluginJsonSchema(): Record<string, unknown> {
  const body = published(PluginManifestSchema);
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "HoloMUSH plugin manifest (plugin.yaml)",
    description:
      "Declares a HoloMUSH plugin: identity, runtime, commands, events, dependencies. Generated from the host's manifest definition; a few rules (unique command names across aliases, unique policy and dependency names, self-dependency, semver ranges) are checked only by `holomush-host validate`.",
    type: "object",
    additionalProperties: false,
    required: body.required,
    properties: { ...(body.properties as object), ...published(HOLOMUSH_ONLY_PROPERTIES) },
    allOf: [
      ...sectionRules(),
      ifThen(
        { properties: { type: { not: { const: "binary" } } }, required: ["type"] },
        { properties: { provides: { type: "array", maxItems: 0 }, storage: { type: "string", const: "kv" } } },
      ),
      ...MANIFEST_SECTIONS.flatMap((section) => section.rules ?? []),
    ],
  };
}
