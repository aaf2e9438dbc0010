/**
 * Fixture plugins import the built @holomush/plugin-sdk (a devDependency of
 * the host, built before the host's tests by turbo), exactly as a plugin
 * author's program would. Only the executable bit needs preparing: git does
 * not keep it on every checkout.
 */
import { chmodSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

export const fixturesDir = here;

export function prepareFixturePlugins(): void {
  chmodSync(join(here, "echo-plugin", "plugin.mjs"), 0o755);
}
