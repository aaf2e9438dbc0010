/**
 * check-changeset.mjs on throw-away git repositories: one per case, in the
 * OS temp dir, removed afterwards.
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, it } from "node:test";
import { root } from "./lib/packages.mjs";

const script = join(root, "scripts", "check-changeset.mjs");
const repos = [];

function repo(initialBranch = "main") {
  const dir = mkdtempSync(join(tmpdir(), "holomush-check-changeset-"));
  repos.push(dir);
  const git = (...args) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
      cwd: dir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  const write = (path, text = `${path}\n`) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  const commit = (message, ...paths) => {
    for (const path of paths) write(path, `${path} ${message}\n`);
    git("add", "-A");
    git("commit", "-q", "--allow-empty", "-m", message);
  };
  git("init", "-q", "-b", initialBranch);
  commit("seed", "README.md", "packages/host/src/index.ts", ".changeset/README.md", ".changeset/config.json");
  const check = (...args) => {
    const env = { ...process.env };
    delete env.CHANGESET_BASE_REF;
    const result = spawnSync(process.execPath, [script, ...args], { cwd: dir, encoding: "utf8", env });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };
  return { dir, git, write, commit, check };
}

afterEach(() => {
  while (repos.length > 0) rmSync(repos.pop(), { recursive: true, force: true });
});

describe("check-changeset", () => {
  it("passes on main itself", () => {
    const r = repo();
    r.commit("change host on main", "packages/host/src/index.ts");
    const { status, output } = r.check();
    assert.equal(status, 0, output);
    assert.match(output, /on main itself/);
  });

  it("passes when there is no base branch at all", () => {
    const r = repo("trunk");
    r.git("checkout", "-q", "-b", "feature");
    r.commit("change host", "packages/host/src/index.ts");
    const { status, output } = r.check();
    assert.equal(status, 0, output);
    assert.match(output, /no base branch/);
  });

  it("passes on a detached HEAD at the base", () => {
    const r = repo();
    r.git("checkout", "-q", "--detach", "main");
    const { status, output } = r.check();
    assert.equal(status, 0, output);
    assert.match(output, /no change under packages/);
  });

  it("fails on a branch that changes packages/ without a changeset", () => {
    const r = repo();
    r.git("checkout", "-q", "-b", "feature");
    r.commit("change sdk", "packages/plugin-sdk/src/serve.ts");
    const { status, output } = r.check();
    assert.equal(status, 1, output);
    assert.match(output, /changed: packages\/plugin-sdk/);
    assert.match(output, /pnpm changeset/);
    assert.match(output, /0 passed, 1 failed/);
  });

  it("passes on a branch that changes packages/ with a changeset", () => {
    const r = repo();
    r.git("checkout", "-q", "-b", "feature");
    r.commit("change sdk", "packages/plugin-sdk/src/serve.ts", ".changeset/brave-lions-sing.md");
    const { status, output } = r.check();
    assert.equal(status, 0, output);
    assert.match(output, /brave-lions-sing\.md/);
  });

  it("passes on a branch that changes nothing under packages/", () => {
    const r = repo();
    r.git("checkout", "-q", "-b", "docs");
    r.commit("docs", "docs/installation.md", "examples/greeter/src/greeter.ts");
    const { status, output } = r.check();
    assert.equal(status, 0, output);
    assert.match(output, /no change under packages/);
  });

  it("does not count an edit of .changeset/README.md as a changeset", () => {
    const r = repo();
    r.git("checkout", "-q", "-b", "feature");
    r.commit("sneaky", "packages/host/src/index.ts", ".changeset/README.md");
    assert.equal(r.check().status, 1);
  });

  it("compares with the merge base, not the tip of main", () => {
    const r = repo();
    r.git("checkout", "-q", "-b", "feature");
    r.commit("docs only", "docs/a.md");
    r.git("checkout", "-q", "main");
    r.commit("host moves on main", "packages/host/src/index.ts");
    r.git("checkout", "-q", "feature");
    const { status, output } = r.check();
    assert.equal(status, 0, output);
    assert.match(output, /no change under packages/);
  });

  it("sees uncommitted and untracked files", () => {
    const r = repo();
    r.git("checkout", "-q", "-b", "feature");
    r.write("packages/testkit/src/new-file.ts");
    assert.equal(r.check().status, 1);
    r.write(".changeset/quiet-owls-hum.md", '---\n"@holomush/testkit": patch\n---\n\nNew helper.\n');
    assert.equal(r.check().status, 0);
  });

  it("takes the base from --base (e.g. a release branch)", () => {
    const r = repo();
    r.git("branch", "release-1");
    r.git("checkout", "-q", "-b", "feature", "release-1");
    r.commit("fix", "packages/proto/src/index.ts");
    const { status, output } = r.check("--base", "release-1");
    assert.equal(status, 1, output);
    assert.match(output, /comparing with release-1/);
  });
});
