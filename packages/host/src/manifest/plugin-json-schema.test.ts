/**
 * The committed schema/plugin.schema.json is what the manifest definition
 * generates (regenerate: `pnpm --filter @holomush/host generate:schema`), and
 * the plugin types it allows are the runtimes' sections.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PLUGIN_TYPES } from "./manifest.js";
import { MANIFEST_TYPES } from "./manifest-schema.js";
import { pluginJsonSchema } from "./plugin-json-schema.js";

describe("schema/plugin.schema.json", () => {
  it("is up to date with the manifest definition", () => {
    const committed = JSON.parse(readFileSync(new URL("../../schema/plugin.schema.json", import.meta.url), "utf8"));
    expect(committed, "stale: run pnpm --filter @holomush/host generate:schema").toEqual(pluginJsonSchema());
  });

  it("offers exactly the plugin types that have a runtime section", () => {
    expect(MANIFEST_TYPES).toEqual([...PLUGIN_TYPES]);
  });
});
