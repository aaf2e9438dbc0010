/**
 * Writes schema/plugin.schema.json from the manifest definition
 * (src/manifest/plugin-json-schema.ts), formatted as the repository formats JSON.
 *   pnpm --filter @holomush/host generate:schema
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { pluginJsonSchema } from "../src/manifest/plugin-json-schema.js";

const file = fileURLToPath(new URL("../schema/plugin.schema.json", import.meta.url));
writeFileSync(file, `${JSON.stringify(pluginJsonSchema(), null, 2)}\n`);
execFileSync("pnpm", ["exec", "biome", "format", "--write", file], { stdio: "inherit" });
console.log(`wrote ${file}`);
