/**
 * A small error collector for walking a parsed plugin.yaml: every check
 * records a HostError with the manifest file and the field path, and returns
 * undefined for a bad value so validation goes on and reports everything.
 */
import { HostError, HostErrorCode } from "../errors.js";

export interface StringRule {
  pattern?: RegExp;
  /** Said after "must be" when the pattern does not match, e.g. "lowercase letters". */
  patternHint?: string;
  maxLength?: number;
  /** Refuse empty or whitespace-only text. */
  nonEmpty?: boolean;
}

export interface FieldChecker {
  readonly errors: HostError[];
  /** Plugin name for the errors raised from now on, once it is known. */
  setPlugin(name: string): void;
  fail(field: string, message: string, code?: HostErrorCode): undefined;
  mapping(value: unknown, field: string): Record<string, unknown> | undefined;
  /** Reports keys outside `allowed`, suggesting the nearest known key. */
  knownKeys(value: Record<string, unknown>, field: string, allowed: readonly string[]): void;
  /** Reads `raw[key]` with `read`, or reports `parent.key` as missing. */
  required<T>(
    raw: Record<string, unknown>,
    parent: string,
    key: string,
    read: (value: unknown, field: string) => T | undefined,
  ): T | undefined;
  list(value: unknown, field: string): unknown[] | undefined;
  string(value: unknown, field: string, rule?: StringRule): string | undefined;
  /** A list of strings each obeying `rule`; duplicates are errors. */
  stringList(value: unknown, field: string, rule?: StringRule): string[] | undefined;
  integer(value: unknown, field: string, range: { min: number; max: number }): number | undefined;
  boolean(value: unknown, field: string): boolean | undefined;
  oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T | undefined;
}

/**
 * `commands` + `2` → `commands[2]`; `binary-plugin` + `args` → `binary-plugin.args`;
 * keys that are not plain words are quoted: `allowed-paths["../x"]`.
 */
export function fieldPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  if (!/^[A-Za-z0-9_-]+$/.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent === "" ? key : `${parent}.${key}`;
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null (an empty value)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${JSON.stringify(value)}`;
}

export function createFieldChecker(file: string): FieldChecker {
  const errors: HostError[] = [];
  let plugin: string | undefined;

  const fail = (field: string, message: string, code: HostErrorCode = HostErrorCode.MANIFEST_INVALID) => {
    const context = { file, ...(field === "" ? {} : { field }), ...(plugin === undefined ? {} : { plugin }) };
    errors.push(new HostError(code, message, context));
    return undefined;
  };

  const string = (value: unknown, field: string, rule: StringRule = {}) => {
    if (typeof value !== "string") return fail(field, `must be a string, got ${describe(value)}`);
    if (rule.nonEmpty && value.trim() === "") return fail(field, "must not be empty");
    if (rule.maxLength !== undefined && value.length > rule.maxLength) {
      return fail(field, `must be at most ${rule.maxLength} characters, got ${value.length}`);
    }
    if (rule.pattern && !rule.pattern.test(value)) {
      const hint = rule.patternHint ?? `match ${rule.pattern.source}`;
      return fail(field, `${JSON.stringify(value)} is invalid: must be ${hint}`);
    }
    return value;
  };

  const list = (value: unknown, field: string) =>
    Array.isArray(value) ? (value as unknown[]) : fail(field, `must be a list, got ${describe(value)}`);

  return {
    errors,
    setPlugin(name) {
      plugin = name;
    },
    fail,
    mapping(value, field) {
      return isMapping(value) ? value : fail(field, `must be a mapping, got ${describe(value)}`);
    },
    knownKeys(value, field, allowed) {
      for (const key of Object.keys(value)) {
        if (allowed.includes(key)) continue;
        const near = allowed.find((candidate) => editDistance(candidate, key) <= 2);
        const hint = near ? `; did you mean "${near}"?` : `; allowed keys: ${allowed.join(", ")}`;
        fail(fieldPath(field, key), `unknown key "${key}"${hint}`);
      }
    },
    required(raw, parent, key, read) {
      const field = fieldPath(parent, key);
      return raw[key] === undefined ? fail(field, "is required") : read(raw[key], field);
    },
    list,
    string,
    stringList(value, field, rule) {
      const items = list(value, field);
      if (!items) return undefined;
      const seen = new Set<string>();
      let ok = true;
      items.forEach((item, index) => {
        const text = string(item, fieldPath(field, index), rule);
        if (text !== undefined && seen.has(text))
          fail(fieldPath(field, index), `duplicate entry ${JSON.stringify(text)}`);
        if (text === undefined || seen.has(text)) ok = false;
        else seen.add(text);
      });
      return ok ? [...seen] : undefined;
    },
    integer(value, field, range) {
      if (typeof value !== "number" || !Number.isInteger(value)) {
        return fail(field, `must be an integer from ${range.min} to ${range.max}, got ${describe(value)}`);
      }
      if (value < range.min || value > range.max) {
        return fail(field, `must be from ${range.min} to ${range.max}, got ${value}`);
      }
      return value;
    },
    boolean(value, field) {
      return typeof value === "boolean" ? value : fail(field, `must be true or false, got ${describe(value)}`);
    },
    oneOf(value, field, allowed) {
      if (typeof value === "string" && (allowed as readonly string[]).includes(value))
        return value as (typeof allowed)[number];
      return fail(field, `must be one of ${allowed.join(" | ")}, got ${describe(value)}`);
    },
  };
}

/** Levenshtein distance, for "did you mean" hints on unknown keys. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
