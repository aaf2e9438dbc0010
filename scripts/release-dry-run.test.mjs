/**
 * The release dry run (what `pnpm release` would publish): exactly the
 * expected packages, one shared version that matches each package.json, and tarballs
 * with what users need and nothing else. Needs a build first.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { EXPECTED_PACKAGES, root, strayReason } from "./lib/packages.mjs";

const REQUIRED = {
  common: [
    "package.json",
    "README.md",
    "LICENSE",
    "dist/index.js",
    "dist/index.cjs",
    "dist/index.d.ts",
    "dist/index.d.cts",
  ],
  "@holomush/host": ["dist/runtimes/wasm/wasm-worker.js", "dist/base-policies.cedar", "schema/plugin.schema.json"],
  "@holomush/server": ["dist/cli.js", "dist/admin/index.html", "dist/admin/app.js", "bin/holomush-host.js"],
  "@holomush/plugin-sdk": ["dist/storage/index.js", "dist/storage/index.cjs", "dist/storage/index.d.cts"],
  "@holomush/testkit": ["dist/vitest.js", "dist/vitest.cjs", "dist/vitest.d.cts"],
  "@holomush/wasm-pdk": ["interface.d.ts", "assembly/index.ts"],
};

/** Every file path named by a package.json's exports / main / types / bin. */
function referencedFiles(manifest) {
  const paths = new Set();
  const walk = (value) => {
    if (typeof value === "string") paths.add(value.replace(/^\.\//, ""));
    else if (value && typeof value === "object") for (const inner of Object.values(value)) walk(inner);
  };
  walk(manifest.exports);
  walk(manifest.bin);
  for (const field of ["main", "module", "types"]) walk(manifest[field]);
  return [...paths];
}

describe("pnpm release:dry-run", () => {
  let plan;
  let text;
  before(() => {
    const script = join(root, "scripts", "release-dry-run.mjs");
    plan = JSON.parse(execFileSync(process.execPath, [script, "--json"], { encoding: "utf8" }));
    text = execFileSync(process.execPath, [script], { encoding: "utf8" });
  });

  it("would publish exactly the expected packages", () => {
    assert.deepEqual(plan.packages.map((p) => p.name).sort(), [...EXPECTED_PACKAGES].sort());
    assert.match(text, new RegExp(`would publish ${EXPECTED_PACKAGES.length} package\\(s\\)`));
  });

  it("prints name@version and the file list of each", () => {
    for (const pkg of plan.packages) {
      assert.ok(text.includes(`${pkg.name}@${pkg.version}  tag=latest access=public provenance=true`), pkg.name);
      for (const file of pkg.files) assert.ok(text.includes(`    ${file}\n`), `${pkg.name}: ${file}`);
    }
  });

  it("publishes one version, the one in each package.json", () => {
    const versions = new Set(plan.packages.map((p) => p.version));
    assert.equal(versions.size, 1, [...versions].join(", "));
    for (const pkg of plan.packages) {
      const dir = pkg.name.replace("@holomush/", "");
      const manifest = JSON.parse(readFileSync(join(root, "packages", dir, "package.json"), "utf8"));
      assert.equal(pkg.version, manifest.version, pkg.name);
    }
  });

  it("pins internal dependencies to that version (no workspace: left)", () => {
    for (const pkg of plan.packages) {
      for (const [dep, range] of Object.entries(pkg.internalDependencies)) {
        assert.equal(range, pkg.version, `${pkg.name} → ${dep}@${range}`);
      }
    }
  });

  it("ships no tests, fixtures, sources or configs", () => {
    for (const pkg of plan.packages) {
      const stray = pkg.files
        .map((file) => [file, strayReason(file)])
        .filter(([, reason]) => reason)
        .map(([file, reason]) => `${file} (${reason})`);
      assert.deepEqual(stray, [], pkg.name);
      const typescriptSources = pkg.files.filter((f) => /\.(ts|mts|cts)$/.test(f) && !/\.d\.[cm]?ts$/.test(f));
      const allowed = pkg.name === "@holomush/wasm-pdk" ? /^assembly\/[^/]+\.ts$/ : /^$/;
      assert.deepEqual(
        typescriptSources.filter((f) => !allowed.test(f)),
        [],
        `${pkg.name}: TypeScript sources outside wasm-pdk's assembly/`,
      );
    }
  });

  it("ships what users need: entry points, README, LICENSE, host extras, wasm-pdk sources", () => {
    for (const pkg of plan.packages) {
      for (const file of [...REQUIRED.common, ...(REQUIRED[pkg.name] ?? [])]) {
        assert.ok(pkg.files.includes(file), `${pkg.name} lacks ${file}`);
      }
    }
  });

  it("ships every file its package.json points at", () => {
    for (const pkg of plan.packages) {
      const dir = pkg.name.replace("@holomush/", "");
      const manifest = JSON.parse(readFileSync(join(root, "packages", dir, "package.json"), "utf8"));
      for (const file of referencedFiles(manifest)) {
        assert.ok(pkg.files.includes(file), `${pkg.name}: package.json points at ${file}, not in the tarball`);
      }
    }
  });

  it("ships the repository's LICENSE unchanged", () => {
    const license = readFileSync(join(root, "LICENSE"), "utf8");
    for (const name of EXPECTED_PACKAGES) {
      const copy = readFileSync(join(root, "packages", name.replace("@holomush/", ""), "LICENSE"), "utf8");
      assert.equal(copy, license, `packages/${name.replace("@holomush/", "")}/LICENSE differs from LICENSE`);
    }
  });
});
