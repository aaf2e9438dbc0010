/**
 * Fixture plugins import the SDK from ./.sdk/sdk.mjs, bundled here from the
 * SDK's sources (bare imports stay external and resolve through this
 * package's node_modules). Once @holomush/plugin-sdk exports serve, fixtures
 * can import the built package instead.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const sdkSrc = resolve(here, "../../../../../plugin-sdk/src");
const esbuild = resolve(here, "../../../../../../node_modules/.bin/esbuild");

export const fixturesDir = here;

export function ensureSdkBundle(): string {
  const out = join(here, ".sdk", "sdk.mjs");
  chmodSync(join(here, "echo-plugin", "plugin.mjs"), 0o755);
  if (existsSync(out) && statSync(out).mtimeMs >= newestSource()) return out;
  mkdirSync(dirname(out), { recursive: true });
  const entry = [
    `export { serve, serveWithServices } from ${JSON.stringify(join(sdkSrc, "serve.ts"))};`,
    `export { ok, errorf, failuref } from ${JSON.stringify(join(sdkSrc, "command-response.ts"))};`,
    `export { FocusError, HostCallError, toHostCallError } from ${JSON.stringify(join(sdkSrc, "host-call-error.ts"))};`,
  ].join("\n");
  const temp = `${out}.${process.pid}.tmp`;
  execFileSync(
    esbuild,
    ["--bundle", "--platform=node", "--format=esm", "--packages=external", "--log-level=warning", `--outfile=${temp}`],
    { input: entry, cwd: here },
  );
  renameSync(temp, out);
  return out;
}

function newestSource(): number {
  return Math.max(...readdirSync(sdkSrc).map((name) => statSync(join(sdkSrc, name)).mtimeMs));
}
