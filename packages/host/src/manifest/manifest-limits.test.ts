import { describe, expect, it } from "vitest";
import { HostErrorCode } from "../errors.js";
import {
  MANIFEST_MAX_ALIASES,
  MANIFEST_MAX_BYTES,
  MANIFEST_MAX_DEPTH,
  MANIFEST_MAX_KEYS,
  MANIFEST_MAX_TOKENS,
} from "./manifest-limits.js";
import { parseManifest } from "./parse-manifest.js";

const FILE = "/p/demo/plugin.yaml";
const HEAD = "name: demo\nversion: 1.0.0\ntype: lua\nlua-plugin:\n  entry: main.lua\n";

function refusal(text: string) {
  const { source, errors } = parseManifest(text, FILE, "/p/demo");
  expect(source).toBeUndefined();
  expect(errors).toHaveLength(1);
  return errors[0];
}

const lines = (count: number, line: (index: number) => string) =>
  Array.from({ length: count }, (_, i) => line(i)).join("");

describe("manifest limits", () => {
  it.each([
    [
      "a flat mapping over the key limit",
      `${HEAD}x:\n${lines(MANIFEST_MAX_KEYS + 1, (i) => `  k${i}: ${i}\n`)}`,
      "keys",
    ],
    ["a flow mapping over the key limit", `${HEAD}x: {${lines(MANIFEST_MAX_KEYS + 1, (i) => `k${i}: 1, `)}}\n`, "keys"],
    ["flow sequences nested too deep", `${HEAD}x: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`, "depth"],
    [
      "flow mappings nested too deep",
      `${HEAD}x: ${"{a: ".repeat(MANIFEST_MAX_DEPTH)}1${"}".repeat(MANIFEST_MAX_DEPTH)}\n`,
      "depth",
    ],
    [
      "block mappings nested too deep",
      `${HEAD}${lines(MANIFEST_MAX_DEPTH + 1, (i) => `${" ".repeat(i)}k:\n`)}`,
      "depth",
    ],
    ["a long flow sequence over the token limit", `${HEAD}x: [${"1,".repeat(MANIFEST_MAX_TOKENS)}]\n`, "tokens"],
    ["blank lines over the token limit", `${HEAD}${"\n".repeat(MANIFEST_MAX_TOKENS)}`, "tokens"],
    ["an unclosed deep flow nesting", `${HEAD}x: ${"[{".repeat(200_000)}`, "depth"],
    ["an alias bomb", `${HEAD}a: &a [1, 2]\nb: [${lines(MANIFEST_MAX_ALIASES + 1, () => "*a, ")}]\n`, "aliases"],
    ["re-anchored aliases", `${HEAD}b:\n${lines(MANIFEST_MAX_ALIASES + 1, () => "  - &a x\n  - *a\n")}`, "aliases"],
  ])("refuses %s with MANIFEST_LIMIT_EXCEEDED naming the file and the line", (_label, text, limit) => {
    const error = refusal(text);
    expect([error?.code, error?.file, error?.details.limit]).toEqual([
      HostErrorCode.MANIFEST_LIMIT_EXCEEDED,
      FILE,
      limit,
    ]);
    expect(error?.details.line).toMatch(/^\d+$/);
  });

  it("refuses text over the size limit before parsing it", () => {
    const error = refusal(`${HEAD}description: "${"x".repeat(MANIFEST_MAX_BYTES)}"\n`);
    expect([error?.code, error?.details.limit]).toEqual([HostErrorCode.MANIFEST_LIMIT_EXCEEDED, "bytes"]);
  });

  it("expands at most the alias limit when converting (billion laughs)", () => {
    // Few alias tokens, each doubling the expansion: caught while converting.
    const levels = lines(30, (i) => `l${i + 1}: &l${i + 1} [*l${i}, *l${i}]\n`);
    const error = refusal(`${HEAD}l0: &l0 [x]\n${levels}`);
    expect([error?.code, error?.file]).toEqual([HostErrorCode.MANIFEST_YAML, FILE]);
  });

  it("accepts a manifest at the limits (nesting, keys per mapping, aliases)", () => {
    const nested = `${"{a: ".repeat(MANIFEST_MAX_DEPTH - 3)}1${"}".repeat(MANIFEST_MAX_DEPTH - 3)}`;
    // The schema mapping holds v, deep and these: exactly MANIFEST_MAX_KEYS entries.
    const keys = lines(MANIFEST_MAX_KEYS - 2, (i) =>
      `  k${i}: *v\n`.replace("*v", i < MANIFEST_MAX_ALIASES ? "*v" : "1"),
    );
    const text = `${HEAD}config:\n  schema:\n    v: &v 1\n    deep: ${nested}\n${keys.replaceAll("  k", "    k")}`;
    const { source, errors } = parseManifest(text, FILE, "/p/demo");
    expect(errors).toEqual([]);
    expect(Object.keys(source?.manifest.config?.schema ?? {})).toHaveLength(MANIFEST_MAX_KEYS);
  });
});
