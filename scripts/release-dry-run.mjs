#!/usr/bin/env node
/**
 * What `pnpm release` (`changeset publish`) would publish, without publishing:
 * packs every published package with pnpm (as `pnpm publish` does, rewriting
 * `workspace:` ranges) and prints, per package, name@version, the dist-tag,
 * its internal dependencies as they will be published, and the file list.
 *
 *   pnpm release:dry-run            # builds first, then this
 *   node scripts/release-dry-run.mjs [--json] [--check-registry]
 *
 * --json            one JSON document on stdout (used by the tests)
 * --check-registry  also ask the npm registry whether each name@version is
 *                   already there (changeset publish skips those)
 *
 * Pending changesets (.changeset/*.md) mean the release workflow would first
 * open a "Version Packages" pull request instead of publishing; that is
 * reported too. Needs a build first.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pack, publishedPackages, readFromTarball, root } from "./lib/packages.mjs";

const json = process.argv.includes("--json");
const checkRegistry = process.argv.includes("--check-registry");

function pendingChangesets() {
  return readdirSync(join(root, ".changeset"))
    .filter((file) => file.endsWith(".md") && file !== "README.md")
    .sort();
}

function onRegistry(name, version) {
  try {
    execFileSync("npm", ["view", `${name}@${version}`, "version"], { stdio: ["ignore", "pipe", "ignore"] });
    return true;
  } catch {
    return false;
  }
}

const plan = { pendingChangesets: pendingChangesets(), packages: [] };
const scratch = mkdtempSync(join(tmpdir(), "holomush-release-dry-run-"));
try {
  for (const pkg of publishedPackages()) {
    const packed = pack(pkg.dir, scratch);
    const manifest = JSON.parse(readFromTarball(packed.tarball, "package.json"));
    const internal = {};
    for (const group of ["dependencies", "peerDependencies", "optionalDependencies"]) {
      for (const [dep, range] of Object.entries(manifest[group] ?? {})) {
        if (dep.startsWith("@holomush/")) internal[dep] = range;
      }
    }
    plan.packages.push({
      name: packed.name,
      version: packed.version,
      tag: manifest.publishConfig?.tag ?? "latest",
      access: manifest.publishConfig?.access ?? "restricted",
      provenance: manifest.publishConfig?.provenance === true,
      tarballBytes: statSync(packed.tarball).size,
      internalDependencies: internal,
      files: packed.files,
      ...(checkRegistry ? { alreadyPublished: onRegistry(packed.name, packed.version) } : {}),
    });
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

if (json) {
  console.log(JSON.stringify(plan, null, 2));
} else {
  console.log("release dry run: nothing is published\n");
  if (plan.pendingChangesets.length > 0) {
    console.log(
      `${plan.pendingChangesets.length} pending changeset(s): on main the release workflow would first open a ` +
        `"Version Packages" pull request (changeset version), and publish after it is merged:`,
    );
    for (const file of plan.pendingChangesets) console.log(`  .changeset/${file}`);
    console.log("");
  }
  for (const pkg of plan.packages) {
    const skip = pkg.alreadyPublished ? " (already on the registry: changeset publish skips it)" : "";
    console.log(`${pkg.name}@${pkg.version}  tag=${pkg.tag} access=${pkg.access} provenance=${pkg.provenance}${skip}`);
    console.log(`  tarball: ${(pkg.tarballBytes / 1024).toFixed(1)} KiB, ${pkg.files.length} files`);
    for (const [dep, range] of Object.entries(pkg.internalDependencies)) console.log(`  depends on ${dep}@${range}`);
    for (const file of pkg.files) console.log(`    ${file}`);
  }
  console.log(`\nwould publish ${plan.packages.length} package(s)`);
}
