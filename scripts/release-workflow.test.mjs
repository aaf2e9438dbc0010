/**
 * .github/workflows/release.yml cannot run here: check that it parses and has
 * the shape the release depends on, and that every command it runs is a
 * script this repository really has (and can run locally as a dry run).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { parseDocument } from "yaml";
import { root } from "./lib/packages.mjs";

const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

describe(".github/workflows/release.yml", () => {
  let workflow;
  let steps;
  before(() => {
    const document = parseDocument(readFileSync(join(root, ".github/workflows/release.yml"), "utf8"), {
      prettyErrors: true,
    });
    assert.deepEqual(document.errors.map(String), [], "YAML errors");
    assert.deepEqual(document.warnings.map(String), [], "YAML warnings");
    workflow = document.toJS();
    const jobs = Object.values(workflow.jobs ?? {});
    assert.equal(jobs.length, 1, "one release job");
    steps = jobs[0].steps;
    assert.ok(Array.isArray(steps) && steps.length > 0, "the job has steps");
  });

  const index = (predicate, what) => {
    const found = steps.findIndex(predicate);
    assert.notEqual(found, -1, `missing step: ${what}`);
    return found;
  };
  const runs = (pattern) => (step) => typeof step.run === "string" && pattern.test(step.run);
  const uses = (action) => (step) => typeof step.uses === "string" && step.uses.startsWith(`${action}@`);

  it("runs on push to main only", () => {
    assert.deepEqual(Object.keys(workflow.on), ["push"]);
    assert.deepEqual(workflow.on.push.branches, ["main"]);
  });

  it("may mint an OIDC token for provenance, push tags and open the version PR", () => {
    assert.equal(workflow.permissions["id-token"], "write");
    assert.equal(workflow.permissions.contents, "write");
    assert.equal(workflow.permissions["pull-requests"], "write");
  });

  it("checks out, sets up Node for the npm registry, installs, builds, tests, then versions or publishes", () => {
    const order = [
      index(uses("actions/checkout"), "actions/checkout"),
      index(uses("actions/setup-node"), "actions/setup-node"),
      index(runs(/\bpnpm@/), "install pnpm"),
      index(runs(/^pnpm install --frozen-lockfile$/), "pnpm install --frozen-lockfile"),
      index(runs(/^pnpm run build$/), "pnpm run build"),
      index(runs(/^pnpm run test:all$/), "pnpm run test:all"),
      index(runs(/check:packages/), "check what we publish"),
      index(uses("changesets/action"), "changesets/action"),
    ];
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
      "steps out of order",
    );
  });

  it("sets up a Node the packages support, against registry.npmjs.org", () => {
    const setup = steps.find(uses("actions/setup-node"));
    const [major, minor] = String(setup.with["node-version"]).split(".").map(Number);
    assert.ok(major > 20 || (major === 20 && minor >= 19), `node-version ${setup.with["node-version"]} < 20.19`);
    assert.equal(setup.with["registry-url"], "https://registry.npmjs.org");
  });

  it("installs the pnpm pinned in package.json", () => {
    const pinned = manifest.packageManager.replace(/^pnpm@/, "");
    assert.ok(steps.find(runs(/\bpnpm@/)).run.includes(`pnpm@${pinned}`), `pnpm@${pinned}`);
  });

  it("publishes with `pnpm run release` (changeset publish) with provenance and a token", () => {
    const release = steps.find(uses("changesets/action"));
    assert.equal(release.with.publish, "pnpm run release");
    assert.equal(release.with.version, "pnpm run version-packages");
    assert.equal(release.env.NPM_CONFIG_PROVENANCE, "true");
    assert.match(release.env.NODE_AUTH_TOKEN, /secrets\.NPM_TOKEN/);
    assert.match(release.env.GITHUB_TOKEN, /secrets\.GITHUB_TOKEN/);
  });

  it("runs only scripts that package.json defines", () => {
    const commands = steps.flatMap((step) => [step.run, step.with?.publish, step.with?.version]).filter(Boolean);
    for (const command of commands) {
      for (const [, script] of command.matchAll(/pnpm run ([\w:-]+)/g)) {
        assert.ok(manifest.scripts[script], `package.json has no "${script}" script`);
      }
    }
  });

  it("has a local dry run of the release that builds the same way", () => {
    assert.match(manifest.scripts.release, /changeset publish/);
    const build = manifest.scripts.release.split("&&")[0].trim();
    assert.ok(manifest.scripts["release:dry-run"].startsWith(build), "release:dry-run builds like release");
    assert.match(manifest.scripts["release:dry-run"], /scripts\/release-dry-run\.mjs/);
    assert.match(manifest.scripts["version-packages"], /changeset version/);
  });
});
