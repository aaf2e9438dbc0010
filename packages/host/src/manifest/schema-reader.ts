/**
 * Reads a parsed plugin.yaml value against its JSON Schema definition
 * (manifest-schema.ts), reporting through a FieldChecker, so the published
 * schema and the friendly errors (code, file, field path, "did you mean")
 * come from one definition. The walker understands the JSON Schema the
 * definition uses (object, record, array, string, integer, boolean, enum,
 * anyOf: the first branch is this host's form) plus a few reader-only
 * keywords, all named `x-…`, which the schema writer strips:
 *
 *   x-hint      said after "must be" when a string misses its pattern
 *   x-nonEmpty  refuse empty or whitespace-only text (the schema says `pattern: \S`)
 *   x-required  message for a missing required key (default "is required")
 *   x-read      (check, value, field, ctx) → value: reads the node itself
 *   x-after     (check, value, field, ctx): a rule to check after a present value was read
 *   x-missing   (check, field, ctx, parent) → value: what an absent key means
 *   x-default   (ctx) → value: a default that depends on other fields
 *   x-key       (check, key, field, ctx) → key: checks (and normalises) a record's keys
 *   x-refine    (check, raw, read, field, ctx): rules across an object's or a list's entries
 */
import type { TSchema } from "@sinclair/typebox";
import { type FieldChecker, fieldPath, type StringRule } from "./field-checker.js";

/** What readers may consult besides the value: the manifest read so far, set by the top-level reader. */
export interface ReadContext {
  /** The top-level fields read so far, camelCase (e.g. `type`, `delivery`, `emits`). */
  manifest: Record<string, unknown>;
  /**
   * The embedder registers this plugin as an object (`host.registerPlugin`):
   * an in-process plugin's object comes with it, so its section is optional.
   */
  registered?: boolean;
}

/** Reads a value that a node describes, or reports and returns undefined. */
export type NodeReader = (check: FieldChecker, value: unknown, field: string, ctx: ReadContext) => unknown;

type Node = TSchema & Record<string, unknown>;

/** `max-memory-pages` → `maxMemoryPages`; `helpText` stays as it is. */
export function camelKey(key: string): string {
  return key.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

const patterns = new Map<string, RegExp>();

/** The FieldChecker rule a string node stands for. */
export function stringRule(node: Node): StringRule {
  const rule: StringRule = {};
  if (node["x-nonEmpty"] === true) rule.nonEmpty = true;
  else if (typeof node.pattern === "string") {
    const pattern = patterns.get(node.pattern) ?? new RegExp(node.pattern);
    patterns.set(node.pattern, pattern);
    rule.pattern = pattern;
  }
  if (typeof node["x-hint"] === "string") rule.patternHint = node["x-hint"];
  if (typeof node.maxLength === "number") rule.maxLength = node.maxLength;
  return rule;
}

/** The branch this host reads: the first of an `anyOf`, else the node itself. */
function ownForm(node: Node): Node {
  return Array.isArray(node.anyOf) ? ownForm(node.anyOf[0] as Node) : node;
}

/** Reads `value` as `node` describes; undefined when it was reported. */
export function readNode(check: FieldChecker, node: TSchema, value: unknown, field: string, ctx: ReadContext): unknown {
  const own = node as Node;
  const read = own["x-read"] as NodeReader | undefined;
  const result = read ? read(check, value, field, ctx) : readPlain(check, ownForm(own), value, field, ctx);
  const after = own["x-after"] as NodeReader | undefined;
  if (after && result !== undefined) after(check, result, field, ctx);
  return result;
}

function readPlain(check: FieldChecker, node: Node, value: unknown, field: string, ctx: ReadContext): unknown {
  if (node["x-read"]) return readNode(check, node, value, field, ctx);
  if (Array.isArray(node.enum)) return check.oneOf(value, field, node.enum as string[]);
  switch (node.type) {
    case "string":
      return check.string(value, field, stringRule(node));
    case "integer":
      return check.integer(value, field, { min: node.minimum as number, max: node.maximum as number });
    case "boolean":
      return check.boolean(value, field);
    case "array":
      return readArray(check, node, value, field, ctx);
    case "object":
      return node.properties ? readObject(check, node, value, field, ctx) : readRecord(check, node, value, field, ctx);
    default:
      return value;
  }
}

function readArray(check: FieldChecker, node: Node, value: unknown, field: string, ctx: ReadContext): unknown {
  const list = check.list(value, field);
  if (!list || node.items === undefined) return list;
  const items = ownForm(node.items as Node);
  if (node.uniqueItems === true && items.type === "string" && !items["x-read"]) {
    return check.stringList(list, field, stringRule(items));
  }
  const read = list.map((item, index) => readNode(check, node.items as TSchema, item, fieldPath(field, index), ctx));
  (node["x-refine"] as Refine | undefined)?.(check, list, read, field, ctx);
  return read.filter((item) => item !== undefined);
}

/** Cross-entry rules of an object (its raw mapping and what was read) or a list (raw items and read items, aligned). */
export type Refine = (check: FieldChecker, raw: unknown, read: unknown, field: string, ctx: ReadContext) => void;

function readObject(check: FieldChecker, node: Node, value: unknown, field: string, ctx: ReadContext): unknown {
  const raw = check.mapping(value, field);
  if (!raw) return undefined;
  const properties = node.properties as Record<string, Node>;
  check.knownKeys(raw, field, Object.keys(properties));
  const read = readProperties(check, node, raw, field, ctx);
  (node["x-refine"] as Refine | undefined)?.(check, raw, read, field, ctx);
  return read;
}

/**
 * Reads every property of an object node from `raw`, in the node's order, into camelCase keys:
 * present ones through their nodes, absent ones as required, missing or defaulted.
 */
export function readProperties(
  check: FieldChecker,
  node: TSchema,
  raw: Record<string, unknown>,
  field: string,
  ctx: ReadContext,
  into: Record<string, unknown> = {},
  skip: readonly string[] = [],
): Record<string, unknown> {
  const required = new Set((node as Node).required as string[] | undefined);
  for (const [key, property] of Object.entries((node as Node).properties as Record<string, Node>)) {
    if (skip.includes(key)) continue;
    const at = fieldPath(field, key);
    const result =
      raw[key] !== undefined
        ? readNode(check, property, raw[key], at, ctx)
        : property["x-missing"]
          ? (property["x-missing"] as MissingReader)(check, at, ctx, into, raw)
          : required.has(key)
            ? check.fail(at, (property["x-required"] as string | undefined) ?? "is required")
            : defaultOf(check, property, at, ctx);
    if (result !== undefined) into[camelKey(key)] = result;
  }
  return into;
}

/** What an absent key means, given its object: the fields read so far (camelCase) and the raw mapping. */
export type MissingReader = (
  check: FieldChecker,
  field: string,
  ctx: ReadContext,
  read: Record<string, unknown>,
  raw: Record<string, unknown>,
) => unknown;

function defaultOf(check: FieldChecker, property: Node, field: string, ctx: ReadContext): unknown {
  const computed = property["x-default"] as ((ctx: ReadContext) => unknown) | undefined;
  if (computed) return computed(ctx);
  if ("default" in property) return structuredClone(property.default);
  const own = ownForm(property);
  if (own.type === "array") return [];
  if (own.type === "object") return own.properties ? readObject(check, own, {}, field, ctx) : {};
  return undefined;
}

function readRecord(check: FieldChecker, node: Node, value: unknown, field: string, ctx: ReadContext): unknown {
  const raw = check.mapping(value, field);
  if (!raw) return undefined;
  const values = node.additionalProperties;
  if (typeof values !== "object" || values === null) return raw;
  const readKey = node["x-key"] as NodeReader | undefined;
  const keyRule = node.propertyNames ? stringRule(node.propertyNames as Node) : undefined;
  const read: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(raw)) {
    const at = fieldPath(field, key);
    const name = readKey ? readKey(check, key, at, ctx) : keyRule ? (check.string(key, at, keyRule) ?? key) : key;
    const result = readNode(check, values as TSchema, entry, at, ctx);
    if (typeof name === "string" && result !== undefined) read[name] = result;
  }
  return read;
}
