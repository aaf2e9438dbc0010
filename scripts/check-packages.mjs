#!/usr/bin/env node
/**
 * Checks what we publish (CONTRIBUTING.md, "What we publish"): packs every
 * published package with pnpm, as `changeset publish` will, and on each
 * tarball runs
 *   - publint (strict: warnings fail),
 *   - @arethetypeswrong/cli on the tarball (the same check as `attw --pack`,
 *     but on the pnpm-packed file that is really published),
 *   - the manifest fields every published package must have.
 * Prints one line per check and a closing `N passed, N failed`.
 * Needs a build first (`pnpm build`).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { pack, publishedPackages, root } from "./lib/packages.mjs";

/**
 * attw options per package, each with its reason. Everything else runs with
 * attw's default ("strict") profile: node10, node16 (CJS and ESM) and bundler.
 */
const ATTW_OPTIONS = {
  // interface.d.ts is not a module: it is the ambient declaration file that
  // extism-js reads (`declare module "main"` / `"extism:host"`), exported so
  // users can copy or reference it. It has no JavaScript and no CJS twin, so
  // attw's "cjs-resolves-to-esm" verdict on it is meaningless; the package's
  // real entry point (".") is still checked under every resolution mode.
  "@holomush/wasm-pdk": ["--exclude-entrypoints", "./interface.d.ts"],
};

/** @param {Record<string, any>} manifest */
function manifestProblems(manifest, name) {
  const problems = [];
  const dir = name.replace("@holomush/", "");
  for (const field of ["name", "version", "description", "license", "repository", "keywords", "engines"]) {
    if (manifest[field] === undefined) problems.push(`missing "${field}"`);
  }
  if (manifest.license !== "MIT") problems.push(`license is ${manifest.license}, expected MIT`);
  if (manifest.repository?.directory !== `packages/${dir}`)
    problems.push(`repository.directory is not packages/${dir}`);
  if (manifest.engines?.node !== ">=20.19")
    problems.push(`engines.node is ${manifest.engines?.node}, expected >=20.19`);
  if (manifest.sideEffects !== false) problems.push("sideEffects is not false");
  if (manifest.publishConfig?.access !== "public") problems.push("publishConfig.access is not public");
  if (manifest.publishConfig?.provenance !== true) problems.push("publishConfig.provenance is not true");
  const main = manifest.exports?.["."];
  for (const condition of ["import", "require"]) {
    if (!main?.[condition]?.types || !main?.[condition]?.default) {
      problems.push(`exports["."].${condition} lacks types/default`);
    }
  }
  for (const group of ["dependencies", "peerDependencies", "optionalDependencies"]) {
    for (const [dep, range] of Object.entries(manifest[group] ?? {})) {
      if (String(range).startsWith("workspace:")) problems.push(`${group}.${dep} is still ${range} after packing`);
    }
  }
  return problems;
}

const scratch = mkdtempSync(join(tmpdir(), "holomush-check-packages-"));
let passed = 0;
let failed = 0;
function report(ok, label, detail = "") {
  if (ok) passed += 1;
  else failed += 1;
  console.log(`${ok ? "ok  " : "FAIL"} ${label}${detail ? `\n${detail.replace(/^/gm, "       ")}` : ""}`);
}

try {
  const attwBin = join(root, "node_modules", ".bin", "attw");
  for (const pkg of publishedPackages()) {
    const packed = pack(pkg.dir, scratch);
    const tarball = readFileSync(packed.tarball);
    const label = `${packed.name}@${packed.version}`;

    const lint = await publint({
      pkgDir: "package", // the tarball's root folder
      pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) },
      strict: true,
    });
    const lintManifest = JSON.parse(readFileSync(join(pkg.dir, "package.json"), "utf8"));
    const lines = lint.messages.map((m) => `${m.type}: ${formatMessage(m, lintManifest) ?? m.code}`);
    const lintErrors = lint.messages.filter((m) => m.type !== "suggestion");
    report(lintErrors.length === 0, `publint ${label}`, lines.join("\n"));

    const attw = spawnSync(
      attwBin,
      [packed.tarball, "--format", "ascii", "--no-color", "--no-emoji", ...(ATTW_OPTIONS[packed.name] ?? [])],
      { encoding: "utf8" },
    );
    report(attw.status === 0, `attw ${label}`, attw.status === 0 ? "" : `${attw.stdout}${attw.stderr}`.trim());

    const packedManifest = JSON.parse(
      spawnSync("tar", ["-xzOf", packed.tarball, "package/package.json"], { encoding: "utf8" }).stdout,
    );
    const problems = manifestProblems(packedManifest, packed.name);
    report(problems.length === 0, `manifest ${label}`, problems.join("\n"));
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`check-packages: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
