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
import { type FieldChecker, fieldPath, isMapping } from "./field-checker.js";
import { HOLOMUSH_POLICY_ENTRY, HOLOMUSH_REQUIRES_ENTRY } from "./holomush-keys.js";
import {
  CAPABILITY_SCOPES,
  type CommandCapability,
  type DeliverySettings,
  type EventSubscription,
  OVERFLOW_POLICIES,
  type PluginDependency,
  type PolicyDeclaration,
} from "./manifest.js";
import type { ManifestSection } from "./manifest-section.js";
import { shaped } from "./manifest-section.js";
import {
  ALIAS_PATTERN,
  COMMAND_NAME_PATTERN,
  DEFAULT_PRIORITY,
  eventType,
  IDENTIFIER_MAX_LENGTH,
  identifier,
  ifThen,
  integerIn,
  nonEmptyText,
  oneOf,
  PRIORITY_RANGE,
  patterned,
  pluginName,
  pluginPath,
  QUEUE_SIZE_RANGE,
  RESOURCE_PATTERN,
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

const capability = shaped<CommandCapability>()(
  Type.Object(
    {
      action: identifier({ description: "Action, e.g. read, write." }),
      resource: patterned(RESOURCE_PATTERN, "identifiers joined by ':' (e.g. scene, location:exit)", {
        maxLength: IDENTIFIER_MAX_LENGTH,
        description: "Resource kind; identifiers joined by ':' (e.g. scene).",
      }),
      scope: oneOf([...CAPABILITY_SCOPES, ""] as const, {
        description: 'local | self | global; "" (HoloMUSH: unscoped) means global.',
        // HoloMUSH writes an unscoped capability as scope "": anywhere, i.e. global.
        "x-read": (check: FieldChecker, value: unknown, field: string) =>
          value === "" ? "global" : check.oneOf(value, field, CAPABILITY_SCOPES),
      }),
    },
    { additionalProperties: false },
  ),
);

const command = Type.Object(
  {
    name: patterned(COMMAND_NAME_PATTERN, "a lowercase letter followed by up to 19 of a-z 0-9 _ -", {
      description: "Command name typed by players.",
    }),
    help: Type.Optional(
      nonEmptyText({
        description: "One-line help text (required unless helpText or helpFile is given).",
        // HoloMUSH makes help optional when helpText or helpFile carries it.
        "x-missing": (
          check: FieldChecker,
          field: string,
          _ctx: ReadContext,
          _read: object,
          raw: Record<string, unknown>,
        ) => (raw.helpText !== undefined || raw.helpFile !== undefined ? "" : check.fail(field, "is required")),
      }),
    ),
    helpText: Type.Optional(Type.String({ description: "Long help (HoloMUSH), shown by get_command_help." })),
    helpFile: Type.Optional(
      pluginPath({ file: true }, { description: "Long help in a file (HoloMUSH); exclusive with helpText." }),
    ),
    usage: Type.Optional(
      Type.String({
        description: "Usage synopsis, e.g. scene <subcommand> [args] (default: the name).",
        "x-missing": (_check: FieldChecker, _field: string, _ctx: ReadContext, read: Record<string, unknown>) =>
          read.name,
      }),
    ),
    aliases: Type.Optional(
      Type.Array(
        patterned(
          ALIAS_PATTERN,
          "a lowercase letter followed by up to 19 of a-z 0-9 _ -, or one punctuation character",
          {
            description: 'A command name, or one punctuation character typed as a prefix (", :, ;).',
          },
        ),
        { uniqueItems: true, description: "Other names for the command." },
      ),
    ),
    capabilities: Type.Optional(
      Type.Array(capability, { description: "Every capability must be granted before dispatch." }),
    ),
  },
  {
    additionalProperties: false,
    allOf: [
      ifThen({ not: { anyOf: [{ required: ["helpText"] }, { required: ["helpFile"] }] } }, { required: ["help"] }),
      { not: { required: ["helpText", "helpFile"] } },
    ],
    "x-refine": (check: FieldChecker, raw: Record<string, unknown>, read: Record<string, unknown>, field: string) => {
      if (raw.helpText !== undefined && raw.helpFile !== undefined) {
        check.fail(fieldPath(field, "helpFile"), "helpText and helpFile are exclusive: give one");
      }
      delete read.helpFile;
    },
  },
);

/** Command names and aliases share one namespace per manifest: a duplicate would make dispatch ambiguous. */
function uniqueCommandNames(check: FieldChecker, _raw: unknown[], read: unknown[], field: string): void {
  const taken = new Map<string, string>();
  const claim = (name: unknown, at: string) => {
    if (typeof name !== "string") return;
    const owner = taken.get(name);
    if (owner) check.fail(at, `command name "${name}" is already used by ${owner}`);
    else taken.set(name, at);
  };
  read.forEach((item, index) => {
    const entry = item as { name?: string; aliases?: string[] } | undefined;
    const parent = fieldPath(field, index);
    claim(entry?.name, fieldPath(parent, "name"));
    entry?.aliases?.forEach((alias, aliasIndex) => {
      claim(alias, fieldPath(fieldPath(parent, "aliases"), aliasIndex));
    });
  });
}

const policy = shaped<PolicyDeclaration>()(
  Type.Object(
    {
      name: identifier({ description: "Policy name, unique in the manifest." }),
      policy: nonEmptyText({ description: "Cedar policy text." }),
    },
    { additionalProperties: false },
  ),
);

function uniquePolicyNames(check: FieldChecker, _raw: unknown[], read: unknown[], field: string): void {
  const names = new Map<string, string>();
  read.forEach((item, index) => {
    const name = (item as { name?: string } | undefined)?.name;
    if (name === undefined) return;
    const at = fieldPath(fieldPath(field, index), "name");
    if (names.has(name)) check.fail(at, `policy name "${name}" is already used by ${names.get(name)}`);
    else names.set(name, at);
  });
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

const dependency = Type.Union([pluginName(), dependencyObject], {
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
function distinctDependencies(check: FieldChecker, raw: unknown[], read: unknown[], field: string, ctx: ReadContext) {
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

const delivery = shaped<DeliverySettings>()(
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
      ctx.manifest.type === section.type
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
