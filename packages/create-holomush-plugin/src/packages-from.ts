/**
 * `--packages-from DIR`: depend on @holomush tarballs in DIR (as `pnpm pack`
 * names them: holomush-host-0.1.0.tgz) instead of the registry — to try an
 * unreleased build, and for this package's own end-to-end test.
 */
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { HolomushPackage } from "./template-context.js";

const TARBALL = /^holomush-(host|plugin-sdk|proto|server|testkit|wasm-pdk)-\d[^/]*\.tgz$/;

export function tarballsIn(directory: string): Partial<Record<HolomushPackage, string>> {
  const found: Partial<Record<HolomushPackage, string>> = {};
  for (const file of readdirSync(directory).sort()) {
    const match = TARBALL.exec(file);
    if (match) found[`@holomush/${match[1]}` as HolomushPackage] = join(resolve(directory), file);
  }
  return found;
}
