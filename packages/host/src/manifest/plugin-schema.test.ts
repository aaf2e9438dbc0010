/**
 * The JSON Schema (schema/plugin.schema.json) and the validator must agree on
 * every manifest of the corpus in __fixtures__:
 * - good/: valid for both;
 * - bad/: invalid for both; `# expect: CODE field` lines name validator errors that must appear;
 * - bad-validator-only/: rules JSON Schema cannot express, so only the validator refuses them:
 *   unique command names across names and aliases, unique policy names, unique dependency names
 *   across the string and mapping forms, self-dependency, semver ranges (semver.validRange);
 * - bad-schema-only/: the schema approximates "stays inside the plugin directory after
 *   normalisation" by refusing every `..` segment, so it also refuses paths like
 *   `build/../x.wasm` that the validator accepts.
 * Strict semver, path absoluteness and everything else are expressed exactly in the schema.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseManifest } from "./parse-manifest.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, "__fixtures__");
const schemaFile = path.join(here, "..", "..", "schema", "plugin.schema.json");
const validateSchema = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(
  JSON.parse(readFileSync(schemaFile, "utf8")),
);

interface Case {
  name: string;
  file: string;
  text: string;
  expected: { code: string; field: string | undefined }[];
}

function corpus(folder: string): Case[] {
  const dir = path.join(fixtures, folder);
  return readdirSync(dir)
    .filter((name) => name.endsWith(".yaml"))
    .sort()
    .map((name) => {
      const file = path.join(dir, name);
      const text = readFileSync(file, "utf8");
      const expected = [...text.matchAll(/^# expect: (\S+)(?: (.+))?$/gm)].map((match) => ({
        code: match[1]!,
        field: match[2],
      }));
      return { name, file, text, expected };
    });
}

function judge({ file, text }: Case) {
  const result = parseManifest(text, file, path.dirname(file));
  const schemaValid = validateSchema(parse(text)) === true;
  return {
    validator: result.errors.map((error) => ({ code: error.code, field: error.field })),
    validatorValid: result.errors.length === 0 && result.source !== undefined,
    schemaValid,
    schemaErrors: validateSchema.errors ?? [],
  };
}

describe("plugin.schema.json and validateManifest agree", () => {
  it("has a corpus covering every rule family", () => {
    expect(corpus("good").length).toBeGreaterThanOrEqual(5);
    expect(corpus("bad").length).toBeGreaterThanOrEqual(12);
    expect(corpus("bad-validator-only").length).toBeGreaterThanOrEqual(5);
  });

  it.each(corpus("good"))("accepts good/$name", (fixture) => {
    const verdict = judge(fixture);
    expect(verdict.validator).toEqual([]);
    expect(verdict.schemaErrors).toEqual([]);
    expect(verdict.schemaValid).toBe(true);
  });

  it.each(corpus("bad"))("refuses bad/$name", (fixture) => {
    const verdict = judge(fixture);
    expect(fixture.expected.length).toBeGreaterThan(0);
    expect(verdict.validatorValid).toBe(false);
    expect(verdict.validator).toEqual(expect.arrayContaining(fixture.expected));
    expect(verdict.schemaValid).toBe(false);
  });

  it.each(corpus("bad-validator-only"))("refuses bad-validator-only/$name in the validator only", (fixture) => {
    const verdict = judge(fixture);
    expect(verdict.validatorValid).toBe(false);
    expect(verdict.validator).toEqual(expect.arrayContaining(fixture.expected));
    expect(verdict.schemaValid).toBe(true);
  });

  it.each(corpus("bad-schema-only"))("refuses bad-schema-only/$name in the schema only", (fixture) => {
    const verdict = judge(fixture);
    expect(verdict.validator).toEqual([]);
    expect(verdict.schemaValid).toBe(false);
  });
});
