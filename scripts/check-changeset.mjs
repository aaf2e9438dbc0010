#!/usr/bin/env node
/**
 * A change under packages/ must come with a changeset (.changeset/*.md).
 *
 *   node scripts/check-changeset.mjs [--base REF]
 *
 * Compares the working tree (commits, staged, unstaged and untracked files)
 * with the merge base of HEAD and the base branch: REF, else
 * $CHANGESET_BASE_REF, else origin/main, else main. Passes without comparing
 * when there is nothing to compare against: on main itself, when HEAD is the
 * base, or when the base branch or a merge base does not exist.
 * A change that releases nothing (tests, internal refactors) still needs one:
 * `pnpm changeset --empty`.
 */
import { execFileSync } from "node:child_process";

function git(...args) {
  try {
    return execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
}

function baseRef() {
  const flag = process.argv.indexOf("--base");
  if (flag !== -1 && process.argv[flag + 1]) return process.argv[flag + 1];
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: a CI script, not a turbo task
  const fromEnv = process.env.CHANGESET_BASE_REF;
  if (fromEnv) return fromEnv;
  for (const candidate of ["origin/main", "main"]) {
    if (git("rev-parse", "--verify", "-q", `${candidate}^{commit}`)) return candidate;
  }
  return undefined;
}

function pass(reason) {
  console.log(`check-changeset: ${reason}`);
  console.log("check-changeset: 1 passed, 0 failed");
  process.exit(0);
}

if (git("rev-parse", "--is-inside-work-tree") !== "true") pass("not a git work tree; nothing to compare");
const branch = git("symbolic-ref", "--short", "-q", "HEAD");
if (branch === "main") pass("on main itself; nothing to compare against");
const base = baseRef();
if (!base) pass("no base branch (origin/main or main); nothing to compare against");
const head = git("rev-parse", "HEAD");
const baseCommit = git("rev-parse", "--verify", "-q", `${base}^{commit}`);
if (!baseCommit) pass(`base ${base} does not exist; nothing to compare against`);
const mergeBase = git("merge-base", baseCommit, head ?? "HEAD");
if (!mergeBase) pass(`no merge base between HEAD and ${base}; nothing to compare against`);

const changed = new Set([
  ...(git("diff", "--name-only", mergeBase) ?? "").split("\n"), // committed + staged + unstaged
  ...(git("ls-files", "--others", "--exclude-standard") ?? "").split("\n"), // untracked
]);
changed.delete("");
const packages = new Set();
for (const path of changed) {
  const match = /^packages\/([^/]+)\//.exec(path);
  if (match) packages.add(`packages/${match[1]}`);
}
const changesets = [...changed].filter(
  (path) => /^\.changeset\/[^/]+\.md$/.test(path) && path !== ".changeset/README.md",
);

console.log(
  `check-changeset: comparing with ${base} (merge base ${mergeBase.slice(0, 12)}), ${changed.size} file(s) changed`,
);
if (packages.size === 0) pass("no change under packages/; no changeset needed");
console.log(`check-changeset: changed: ${[...packages].sort().join(", ")}`);
if (changesets.length > 0) pass(`changeset(s): ${changesets.sort().join(", ")}`);
console.error(
  "check-changeset: packages/ changed but no changeset was added.\n" +
    "  Run `pnpm changeset` and commit the file it writes in .changeset/ (see CONTRIBUTING.md),\n" +
    "  or `pnpm changeset --empty` for a change that releases nothing.",
);
console.log("check-changeset: 0 passed, 1 failed");
process.exit(1);
