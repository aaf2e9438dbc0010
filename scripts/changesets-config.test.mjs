/**
 * Proves .changeset/config.json does what CONTRIBUTING.md says, by running the
 * real `changeset version` on a temporary copy of the workspace's manifests
 * (never on the checkout): one changeset for one package releases all seven
 * published packages in lockstep, writes a CHANGELOG.md for each, and leaves
 * the private examples and tools alone.
 *
 *   node --test scripts/
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import { EXPECTED_PACKAGES, root } from "./lib/packages.mjs";

const WORKSPACE_GROUPS = ["packages", "examples", "examples/js-pdk", "tools"];

/** Copies root + every workspace package.json (and .changeset/config.json) into `dir`. */
function copyWorkspaceManifests(dir) {
  for (const file of ["package.json", "pnpm-workspace.yaml", ".changeset/config.json"]) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(root, file), join(dir, file));
  }
  const manifests = [];
  for (const group of WORKSPACE_GROUPS) {
    if (!existsSync(join(root, group))) continue;
    for (const entry of readdirSync(join(root, group))) {
      const file = join(root, group, entry, "package.json");
      if (!existsSync(file)) continue;
      const target = join(dir, relative(root, file));
      mkdirSync(dirname(target), { recursive: true });
      cpSync(file, target);
      manifests.push(relative(root, file));
    }
  }
  // The changelog generator is resolved from the workspace's node_modules.
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
  return manifests;
}

function git(dir, ...args) {
  return execFileSync("git", args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function runVersion(changesets) {
  const dir = mkdtempSync(join(tmpdir(), "holomush-changesets-"));
  const manifests = copyWorkspaceManifests(dir);
  for (const [name, body] of Object.entries(changesets)) writeFileSync(join(dir, ".changeset", name), body);
  git(dir, "init", "-q", "-b", "main");
  git(dir, "-c", "user.name=t", "-c", "user.email=t@example.com", "add", "-A");
  git(dir, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "seed");
  execFileSync(join(root, "node_modules", ".bin", "changeset"), ["version"], {
    cwd: dir,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const read = (path) => JSON.parse(readFileSync(join(dir, path), "utf8"));
  return { dir, manifests, read };
}

const published = (name) => `packages/${name.replace("@holomush/", "")}`;

describe("changeset version with the repository's config", () => {
  let result;
  const before_ = {};
  before(() => {
    for (const name of EXPECTED_PACKAGES) {
      before_[name] = JSON.parse(readFileSync(join(root, published(name), "package.json"), "utf8")).version;
    }
    result = runVersion({
      "sdk-fix.md": '---\n"@holomush/plugin-sdk": patch\n---\n\nserve() reports a refused hello clearly.\n',
    });
  });
  after(() => rmSync(result.dir, { recursive: true, force: true }));

  it("starts from one version shared by the published packages", () => {
    assert.equal(new Set(Object.values(before_)).size, 1, JSON.stringify(before_));
  });

  it("releases all published packages in lockstep (fixed group)", () => {
    const [major, minor, patch] = before_["@holomush/plugin-sdk"].split(".").map(Number);
    const expected = `${major}.${minor}.${patch + 1}`;
    for (const name of EXPECTED_PACKAGES) {
      assert.equal(result.read(`${published(name)}/package.json`).version, expected, name);
    }
  });

  it("writes a CHANGELOG.md for every published package", () => {
    for (const name of EXPECTED_PACKAGES) {
      const changelog = readFileSync(join(result.dir, published(name), "CHANGELOG.md"), "utf8");
      assert.match(changelog, new RegExp(`^# ${name}\\n`), name);
      assert.match(changelog, /## \d+\.\d+\.\d+/, name);
    }
    const sdk = readFileSync(join(result.dir, "packages/plugin-sdk/CHANGELOG.md"), "utf8");
    assert.match(sdk, /serve\(\) reports a refused hello clearly\./);
  });

  it("keeps workspace: ranges for internal dependencies (pnpm rewrites them at publish)", () => {
    const testkit = result.read("packages/testkit/package.json");
    for (const dep of ["@holomush/host", "@holomush/plugin-sdk", "@holomush/proto"]) {
      assert.match(testkit.dependencies[dep], /^workspace:/, dep);
    }
  });

  it("leaves private examples and tools unversioned", () => {
    for (const manifest of result.manifests) {
      if (manifest.startsWith("packages/")) continue;
      const original = JSON.parse(readFileSync(join(root, manifest), "utf8"));
      assert.equal(original.private, true, `${manifest} must be private`);
      assert.equal(result.read(manifest).version, original.version, manifest);
      assert.equal(existsSync(join(result.dir, dirname(manifest), "CHANGELOG.md")), false, manifest);
    }
  });

  it("consumes the changeset", () => {
    assert.equal(existsSync(join(result.dir, ".changeset", "sdk-fix.md")), false);
  });
});

describe("a minor changeset on one package", () => {
  it("moves the whole group to the next minor", () => {
    const current = JSON.parse(readFileSync(join(root, "packages/proto/package.json"), "utf8")).version;
    const [major, minor] = current.split(".").map(Number);
    const result = runVersion({ "proto-add.md": '---\n"@holomush/proto": minor\n---\n\nAdd a message.\n' });
    try {
      for (const name of EXPECTED_PACKAGES) {
        assert.equal(result.read(`${published(name)}/package.json`).version, `${major}.${minor + 1}.0`, name);
      }
    } finally {
      rmSync(result.dir, { recursive: true, force: true });
    }
  });
});
