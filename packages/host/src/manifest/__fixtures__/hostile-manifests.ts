/**
 * Seeded generators of malformed and hostile plugin.yaml text for the
 * manifest fuzz test: wrong types, token soup, mutated real manifests, deep
 * nesting, alias bombs, huge mappings, arbitrary code points.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { stringify } from "yaml";
import { MANIFEST_KEYS } from "../manifest-rules.js";

const EXAMPLES = path.join(import.meta.dirname, "..", "..", "..", "..", "..", "examples");

/** The example manifests, as seeds for mutation. */
export const EXAMPLE_MANIFESTS = ["echo-bot", "greeter", "wasm-counter", "core-scenes", "core-communication"].map(
  (name) => readFileSync(path.join(EXAMPLES, name, "plugin.yaml"), "utf8"),
);

const YAML_PIECES = [
  "[",
  "]",
  "{",
  "}",
  ",",
  ":",
  ": ",
  "- ",
  "? ",
  "&a ",
  "*a",
  "*b",
  "&b ",
  "!!str ",
  "!!map ",
  "!!binary ",
  "!x ",
  "|",
  ">-",
  "'",
  '"',
  "#",
  "\n",
  "\n  ",
  "\n    ",
  "  ",
  "\t",
  "---\n",
  "...\n",
  "%YAML 1.2\n",
  "%TAG ! x\n",
  "<<: *a\n",
  "name",
  "version",
  "type",
  "wasm",
  "inproc",
  "1.0.0",
  "commands",
  "events",
  "\0",
  "\uFFFD",
  "\u2028",
  "\uFEFF",
  "\\",
  "\\x",
  "~",
  "null",
  "0x1F",
  "1e999",
  "-.inf",
  ".nan",
  "é",
  "😀",
];

/** Valid-looking keys with values of any JSON type. */
const wrongTypes = fc
  .dictionary(fc.oneof(fc.constantFrom(...MANIFEST_KEYS), fc.string({ maxLength: 8 })), fc.jsonValue({ maxDepth: 4 }), {
    maxKeys: 12,
  })
  .map((value) => stringify(value));

/** Well-formed sections holding values of the wrong type, inside an otherwise valid header. */
const wrongSections = fc
  .record({
    type: fc.constantFrom("wasm", "binary", "lua", "inproc", "other"),
    key: fc.constantFrom(...MANIFEST_KEYS, "wasm-plugin", "binary-plugin", "lua-plugin", "inproc-plugin"),
    value: fc.jsonValue({ maxDepth: 3 }),
  })
  .map(({ type, key, value }) => stringify({ name: "demo", version: "1.0.0", type, [key]: value }));

const tokenSoup = fc.array(fc.constantFrom(...YAML_PIECES), { maxLength: 120 }).map((parts) => parts.join(""));

/** A real manifest with pieces inserted, deleted or replaced. */
const mutated = fc
  .record({
    base: fc.constantFrom(...EXAMPLE_MANIFESTS),
    edits: fc.array(
      fc.record({ at: fc.nat(), drop: fc.nat({ max: 8 }), insert: fc.constantFrom(...YAML_PIECES, "") }),
      { minLength: 1, maxLength: 6 },
    ),
  })
  .map(({ base, edits }) =>
    edits.reduce((text, { at, drop, insert }) => {
      const index = at % (text.length + 1);
      return text.slice(0, index) + insert + text.slice(index + drop);
    }, base),
  );

/** Nesting from shallow to far past the depth limit, in every YAML style, closed or not. */
const deepNesting = fc
  .record({
    depth: fc.integer({ min: 1, max: 5_000 }),
    style: fc.constantFrom("flow-seq", "flow-map", "block-map", "block-seq", "mixed"),
    closed: fc.boolean(),
  })
  .map(({ depth, style, closed }) => {
    const head = "name: demo\nversion: 1.0.0\ntype: lua\nx: ";
    switch (style) {
      case "flow-seq":
        return head + "[".repeat(depth) + (closed ? "]".repeat(depth) : "");
      case "flow-map":
        return head + "{a: ".repeat(depth) + "1" + (closed ? "}".repeat(depth) : "");
      case "block-map":
        return `${head}\n${Array.from({ length: Math.min(depth, 1_500) }, (_, i) => `${" ".repeat(i + 1)}k:`).join("\n")}`;
      case "block-seq":
        return `${head}\n${"- ".repeat(depth)}x`;
      default:
        return head + "[{a: ".repeat(depth);
    }
  });

/** Billion laughs (few aliases, exponential expansion) and alias floods (many references). */
const aliasBomb = fc
  .record({
    levels: fc.integer({ min: 1, max: 40 }),
    fanout: fc.integer({ min: 2, max: 10 }),
    flood: fc.integer({ min: 0, max: 70_000 }),
  })
  .map(({ levels, fanout, flood }) => {
    let text = "name: demo\nversion: 1.0.0\ntype: lua\nl0: &l0 [lol]\n";
    for (let level = 1; level <= levels; level++) {
      text += `l${level}: &l${level} [${Array(fanout)
        .fill(`*l${level - 1}`)
        .join(", ")}]\n`;
    }
    return flood > 0 ? `${text}f: [${Array(flood).fill("*l0").join(",")}]\n` : text;
  });

/** Wide mappings and long sequences, around and past the key, value and token limits. */
const wide = fc
  .record({ keys: fc.integer({ min: 1, max: 50_000 }), flow: fc.boolean(), duplicate: fc.boolean() })
  .map(({ keys, flow, duplicate }) => {
    const key = (i: number) => (duplicate && i === keys - 1 ? "k0" : `k${i}`);
    const entries = Array.from({ length: keys }, (_, i) => (flow ? `${key(i)}: ${i}` : `  ${key(i)}: ${i}`));
    return `name: demo\nversion: 1.0.0\ntype: lua\nx:${flow ? ` {${entries.join(", ")}}` : `\n${entries.join("\n")}`}\n`;
  });

/** Any code points, including control characters and lone surrogates. */
const anyText = fc.string({ unit: "binary", maxLength: 400 });

/** Small documents for the in-process run: cheap, so many can be tried. */
export const smallManifest = fc.oneof(wrongTypes, wrongSections, tokenSoup, mutated, anyText);

/** Expensive documents (deep, wide, alias-heavy): fewer of them. */
export const hostileManifest = fc.oneof(deepNesting, aliasBomb, wide);
