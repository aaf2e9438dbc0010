/**
 * The one definition of plugin.yaml (docs/manifest.md). From it come the
 * reader's friendly errors (schema-reader.ts, validate-manifest.ts), the
 * published JSON Schema (plugin-json-schema.ts → schema/plugin.schema.json)
 * and, through `shaped`, a compile-time check of the normalised types in
 * manifest.ts. Each runtime defines its own `<type>-plugin` section in its
 * folder (runtimes/manifest-sections.ts lists them). Properties are read in
 * the order written here, so errors come in this order too.
 */
import { type TSchema, Type } from "@sinclair/typebox";
import semver from "semver";
import { MANIFEST_SECTIONS } from "../runtimes/manifest-sections.js";
import { command, policy, uniqueCommandNames, uniquePolicyNames } from "./command-schema.js";
import { dependency, distinctDependencies } from "./dependency-schema.js";
import type { FieldChecker } from "./field-checker.js";
import { HOLOMUSH_POLICY_ENTRY, HOLOMUSH_REQUIRES_ENTRY } from "./holomush-keys.js";
import { type DeliverySettings, type EventSubscription, OVERFLOW_POLICIES } from "./manifest.js";
import type { ManifestSection } from "./manifest-section.js";
import { shaped } from "./manifest-section.js";
import {
  DEFAULT_PRIORITY,
  eventType,
  integerIn,
  oneOf,
  PRIORITY_RANGE,
  patterned,
  pluginName,
  QUEUE_SIZE_RANGE,
  STREAM_NAMESPACE_PATTERN,
  STREAM_PATTERN_PATTERN,
  serviceName,
  timeoutMs,
} from "./schema-nodes.js";
import { camelKey, type ReadContext, readNode } from "./schema-reader.js";

/** semver.parse also accepts `v1.0.0`, `=1.0.0` and surrounding spaces; strict means the text is the canonical form. */
function isStrictSemver(text: string): boolean {
  const parsed = semver.parse(text);
  if (!parsed) return false;
  const build = parsed.build.length > 0 ? `+${parsed.build.join(".")}` : "";
  return `${parsed.version}${build}` === text;
}

const STRICT_SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][a-zA-Z0-9-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][a-zA-Z0-9-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

const version = Type.String({
  pattern: STRICT_SEMVER.source,
  description: "Strict semver 2.0 version (1.0.0, 1.0.0-beta.2+build.7; not v1.0.0, 1.0 or 1).",
  "x-read": (check: FieldChecker, value: unknown, field: string) => {
    const text = check.string(value, field);
    if (text === undefined || isStrictSemver(text)) return text;
    return check.fail(field, `${JSON.stringify(text)} is not a strict semver 2.0 version (e.g. 1.0.0, 1.2.0-beta.1)`);
  },
});

/** `binary`-only fields: refused (after reading) for any other type. */
function binaryOnly(message: (type: string) => string, applies: (value: unknown) => boolean) {
  return (check: FieldChecker, value: unknown, field: string, ctx: ReadContext) => {
    const type = ctx.manifest.type as string | undefined;
    if (type !== undefined && type !== "binary" && applies(value)) check.fail(field, message(type));
  };
}

const subscription = shaped<EventSubscription>()(
  Type.Object(
    {
      stream: patterned(
        STREAM_PATTERN_PATTERN,
        "a stream pattern without whitespace (e.g. location:*, *, global:chat)",
        {
          description: "Stream pattern: exact name, 'location:*', or '*' (empty matches only the empty stream).",
        },
      ),
      types: Type.Optional(
        Type.Array(eventType(), { uniqueItems: true, description: "Event types wanted (default: all)." }),
      ),
      intercept: Type.Optional(
        Type.Boolean({
          default: false,
          description: "Also receive matching cancellable events first, to cancel or mutate them.",
        }),
      ),
    },
    { additionalProperties: false },
  ),
);

export const delivery = shaped<DeliverySettings>()(
  Type.Object(
    {
      "queue-size": Type.Optional(
        integerIn(QUEUE_SIZE_RANGE, { default: 256, description: "Queue length (default 256)." }),
      ),
      overflow: Type.Optional(
        oneOf(OVERFLOW_POLICIES, {
          default: "drop",
          description: "When the queue is full: drop (default, with a warning) or block the publisher.",
        }),
      ),
      "timeout-ms": Type.Optional(
        timeoutMs({ default: 5000, description: "Per-event delivery timeout in ms (default 5000)." }),
      ),
    },
    { additionalProperties: false, description: "Per-plugin event delivery queue." },
  ),
);

/** A runtime's section as a property of the manifest: required for its type, refused for any other. */
function sectionProperty(section: ManifestSection): TSchema {
  return Type.Optional({
    ...section.schema,
    "x-read": (check: FieldChecker, value: unknown, field: string, ctx: ReadContext) => {
      const type = ctx.manifest.type;
      if (type !== undefined && type !== section.type) {
        check.fail(field, `section "${section.key}" is only for type: ${section.type}; this plugin is type: ${type}`);
      }
      return readNode(check, section.schema, value, field, ctx);
    },
    "x-missing": (check: FieldChecker, field: string, ctx: ReadContext) =>
      ctx.manifest.type === section.type && !(ctx.registered && section.type === "inproc")
        ? check.fail(field, `section "${section.key}" is required for type: ${section.type}`)
        : undefined,
  });
}

/** The plugin types, one per runtime section. */
export const MANIFEST_TYPES = MANIFEST_SECTIONS.map((section) => section.type);

/** plugin.yaml in this host's own forms (HoloMUSH's are rewritten first: holomush-keys.ts). */
export const PluginManifestSchema = Type.Object(
  {
    name: pluginName({
      description:
        "Unique plugin name: lowercase letters and digits with single hyphens, starting with a letter, at most 64 characters (e.g. core-scenes).",
    }),
    version,
    type: oneOf(MANIFEST_TYPES, {
      description:
        "Runtime: wasm (Extism module), binary (separate process), lua, inproc (JS module in the host process). The matching <type>-plugin section is required.",
    }),
    description: Type.Optional(
      Type.String({ default: "", description: "One-line description shown in plugin listings." }),
    ),
    requires: Type.Optional(
      Type.Array(Type.Union([serviceName(), HOLOMUSH_REQUIRES_ENTRY]), {
        uniqueItems: true,
        description:
          "Proto services this plugin calls, or HoloMUSH capability grants ({capability: <token>}) for Lua plugins.",
      }),
    ),
    provides: Type.Optional(
      Type.Array(serviceName(), {
        uniqueItems: true,
        description: "Fully-qualified proto services this plugin serves. Binary plugins only.",
        "x-after": binaryOnly(
          (type) => `only binary plugins can provide services; this plugin is type: ${type}`,
          (value) => (value as unknown[]).length > 0,
        ),
      }),
    ),
    storage: Type.Optional(
      oneOf(["kv", "postgres"] as const, {
        default: "kv",
        description:
          "kv (default): namespaced key-value store. postgres: a dedicated schema and role (binary plugins only).",
        "x-after": binaryOnly(
          (type) => `storage: postgres is only for binary plugins; this plugin is type: ${type} (use kv)`,
          (value) => value === "postgres",
        ),
      }),
    ),
    priority: Type.Optional(
      integerIn(PRIORITY_RANGE, {
        default: DEFAULT_PRIORITY,
        description: "Load and hook order tie-break after dependencies: lower runs first (default 50).",
      }),
    ),
    config: Type.Optional(
      Type.Unsafe<Record<string, unknown>>({
        type: "object",
        default: {},
        description: "Free-form configuration passed to the plugin at init.",
      }),
    ),
    delivery: Type.Optional(delivery),
    emits: Type.Optional(
      Type.Array(
        patterned(
          STREAM_NAMESPACE_PATTERN,
          "a stream namespace: a lowercase letter, then a-z 0-9 _ - (e.g. location, character)",
          { description: "Stream namespace (text before the first ':'), e.g. location." },
        ),
        {
          uniqueItems: true,
          description: "Stream namespaces this plugin may emit events to; emitting elsewhere is refused.",
        },
      ),
    ),
    ...Object.fromEntries(MANIFEST_SECTIONS.map((section) => [section.key, sectionProperty(section)])),
    commands: Type.Optional(
      Type.Array(command, {
        description: "Commands this plugin handles. Names and aliases must be unique within the manifest.",
        "x-refine": uniqueCommandNames,
      }),
    ),
    policies: Type.Optional(
      Type.Array(Type.Union([policy, HOLOMUSH_POLICY_ENTRY]), {
        description: "Named ABAC policies (Cedar text).",
        "x-refine": uniquePolicyNames,
      }),
    ),
    events: Type.Optional(
      Type.Array(
        Type.Union([subscription, eventType({ description: "HoloMUSH form: an event type on any stream." })]),
        { description: "Event subscriptions delivered to the plugin." },
      ),
    ),
    dependencies: Type.Optional(
      Type.Union([
        Type.Array(dependency, {
          description: "Plugins that must load before this one: a name, or { name, version, optional }.",
          "x-refine": distinctDependencies,
        }),
        Type.Record(Type.String(), Type.String(), { description: "HoloMUSH form: plugin name → semver range." }),
      ]),
    ),
  },
  { additionalProperties: false },
);

/** The top-level keys of this host's form of plugin.yaml. */
export const MANIFEST_PROPERTY_KEYS = Object.keys(PluginManifestSchema.properties);

/** The normalised (camelCase) property of a section key: `wasm-plugin` → `wasmPlugin`. */
export const sectionProperties = (): string[] => MANIFEST_SECTIONS.map((section) => camelKey(section.key));
