/**
 * The building blocks of the manifest definition (manifest-schema.ts and each
 * runtime's `<type>-plugin` section): naming rules, ranges and defaults, and
 * the TypeBox nodes that carry them into the JSON Schema and the reader.
 * docs/manifest.md describes the rules.
 */
import { type SchemaOptions, type TUnsafe, Type } from "@sinclair/typebox";
import type { FieldChecker } from "./field-checker.js";
import { checkPluginPath, type PluginPathRule } from "./plugin-relative-path.js";
import type { ReadContext } from "./schema-reader.js";

/** Plugin name: lowercase, digits, single hyphens between them; starts with a letter. */
export const PLUGIN_NAME_PATTERN = /^[a-z](-?[a-z0-9])*$/;
export const PLUGIN_NAME_MAX_LENGTH = 64;
/** Command name or alias: a letter, then up to 19 of [a-z0-9_-]. */
export const COMMAND_NAME_PATTERN = /^[a-z][a-z0-9_-]{0,19}$/;
/** An alias: a command name, or one punctuation character typed as a prefix (`"hi`, `:waves`, `;'s`). */
export const ALIAS_PATTERN = /^(?:[a-z][a-z0-9_-]{0,19}|[!-/:-@[-`{-~])$/;
/** Fully-qualified proto service: lowercase dotted package, PascalCase service. */
export const SERVICE_NAME_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*\.[A-Z][A-Za-z0-9]*$/;
/** Capability action, policy name. */
export const IDENTIFIER_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Capability resource: identifiers joined by `:` (`scene`, `location:exit`). */
export const RESOURCE_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*(:[A-Za-z_][A-Za-z0-9_-]*)*$/;
export const IDENTIFIER_MAX_LENGTH = 64;
/** Stream namespace a plugin may emit to (the text before the first `:`). */
export const STREAM_NAMESPACE_PATTERN = /^[a-z][a-z0-9_-]*$/;
/** Event type name; `:` allows plugin-qualified types (`core-communication:say`, HoloMUSH's form). */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_.:-]*$/;
export const EVENT_TYPE_MAX_LENGTH = 64;
/** Stream pattern (docs/events.md): any text without whitespace, possibly empty. */
export const STREAM_PATTERN_PATTERN = /^\S*$/;
/** Environment variable names for binary plugins. */
export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const DEFAULT_PRIORITY = 50;
export const PRIORITY_RANGE = { min: 0, max: 100 } as const;
export const QUEUE_SIZE_RANGE = { min: 1, max: 65536 } as const;
export const TIMEOUT_MS_RANGE = { min: 1, max: 60000 } as const;

/** A closed set of strings (`enum` in the JSON Schema), typed as their union. */
export function oneOf<const T extends readonly string[]>(values: T, options: SchemaOptions = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ ...options, enum: [...values] });
}

const THEN = "then";

/** A JSON Schema `if`/`then` rule (a literal `then` key reads as a thenable to linters, so it is computed). */
export function ifThen(condition: object, consequence: object): object {
  return { if: condition, [THEN]: consequence };
}

/** A string matching `pattern`; `hint` is said after "must be" when it does not. */
export function patterned(pattern: RegExp, hint: string, options: SchemaOptions = {}) {
  return Type.String({ ...options, pattern: pattern.source, "x-hint": hint });
}

/** Text that is not empty or whitespace only. */
export function nonEmptyText(options: SchemaOptions = {}) {
  return Type.String({ ...options, pattern: "\\S", "x-nonEmpty": true });
}

/** An integer from `range.min` to `range.max`. */
export function integerIn(range: { min: number; max: number }, options: SchemaOptions = {}) {
  return Type.Integer({ ...options, minimum: range.min, maximum: range.max });
}

export const pluginName = (options: SchemaOptions = {}) =>
  patterned(
    PLUGIN_NAME_PATTERN,
    "lowercase letters and digits with single hyphens between them, starting with a letter",
    {
      maxLength: PLUGIN_NAME_MAX_LENGTH,
      ...options,
    },
  );

export const serviceName = (options: SchemaOptions = {}) =>
  patterned(SERVICE_NAME_PATTERN, "a fully-qualified proto service name (e.g. holomush.world.v1.WorldService)", {
    description: "Fully-qualified proto service name, e.g. holomush.world.v1.WorldService.",
    ...options,
  });

export const identifier = (options: SchemaOptions = {}) =>
  patterned(IDENTIFIER_PATTERN, "an identifier (letters, digits, _ and -; not starting with a digit or -)", {
    maxLength: IDENTIFIER_MAX_LENGTH,
    ...options,
  });

export const eventType = (options: SchemaOptions = {}) =>
  patterned(EVENT_TYPE_PATTERN, "an event type: a lowercase letter, then a-z 0-9 _ . -", {
    maxLength: EVENT_TYPE_MAX_LENGTH,
    ...options,
  });

/** The delivery timeout read so far: the default of a section's `timeout-ms`. */
export function deliveryTimeoutMs(ctx: ReadContext): number {
  return (ctx.manifest.delivery as { timeoutMs?: number } | undefined)?.timeoutMs ?? 5000;
}

/** A per-call or per-event timeout in ms. */
export const timeoutMs = (options: SchemaOptions = {}) => integerIn(TIMEOUT_MS_RANGE, options);

/** JSON Schema's approximation of "relative, and inside the plugin directory after normalisation". */
const RELATIVE_PATH = String.raw`^(?=[\s\S]*\S)(?![/\\])(?![A-Za-z]:)(?![\s\S]*(?:^|[/\\])\.\.(?:[/\\]|$))[^\u0000]+$`;
const NOT_THE_DIRECTORY = { not: { type: "string", pattern: String.raw`^(?:\.[/\\]*)+$` } };

/**
 * A path relative to the plugin directory (read with checkPluginPath, which normalises it and
 * refuses what leaves the directory with PATH_ESCAPES_PLUGIN_DIR).
 */
export function pluginPath(rule: PluginPathRule, options: SchemaOptions = {}) {
  const read = (check: FieldChecker, value: unknown, field: string) => checkPluginPath(check, value, field, rule);
  if (!rule.file) return Type.String({ ...options, pattern: RELATIVE_PATH, "x-read": read });
  const parts: object[] = [{ type: "string", pattern: RELATIVE_PATH }, NOT_THE_DIRECTORY];
  if (rule.extension) parts.push({ type: "string", pattern: `${rule.extension.replaceAll(".", "\\.")}$` });
  return Type.String({ ...options, allOf: parts, "x-read": read });
}

/** Reads a record key as a plugin path (WASI `allowed-paths`). */
export function pluginPathKey(check: FieldChecker, key: unknown, field: string): string | undefined {
  return checkPluginPath(check, key, field);
}

export const RELATIVE_PATH_NODE = { type: "string", pattern: RELATIVE_PATH } as const;
