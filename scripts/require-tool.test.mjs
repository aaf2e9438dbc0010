/**
 * scripts/lib/require-tool.sh, run by a real sh: a missing toolchain skips a
 * plugin's build with one line (exit 0) outside CI, and fails it in CI.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { root } from "./lib/packages.mjs";

const dir = mkdtempSync(join(tmpdir(), "require-tool-"));
after(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(
  join(dir, "build.sh"),
  `set -eu\ncd "$(dirname "$0")"\n. ${JSON.stringify(join(root, "scripts/lib/require-tool.sh"))}\n` +
    `require_tool demo "$TOOL" "install it from example.org" || exit 0\necho built\n`,
);

function build(tool, env = {}) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => key !== "CI" && key !== "HOLOMUSH_REQUIRE_TOOLCHAINS"),
  );
  rmSync(join(dir, ".toolchain-skipped"), { force: true });
  return spawnSync("sh", [join(dir, "build.sh")], { env: { ...clean, TOOL: tool, ...env }, encoding: "utf8" });
}

describe("require_tool", () => {
  it("builds when the tool is on PATH", () => {
    const run = build("sh");
    assert.equal(run.status, 0);
    assert.equal(run.stdout, "built\n");
    assert.equal(existsSync(join(dir, ".toolchain-skipped")), false);
  });

  it("skips with one line, exit 0 and a fresh stamp when it is missing outside CI", () => {
    const run = build("no-such-tool-here");
    assert.equal(run.status, 0);
    assert.equal(run.stdout, "");
    assert.equal(
      run.stderr,
      "demo: skipped: no-such-tool-here not found (install it from example.org); its tests are skipped\n",
    );
    assert.match(readFileSync(join(dir, ".toolchain-skipped"), "utf8"), /: no-such-tool-here not found\n$/);
  });

  for (const env of [{ CI: "true" }, { HOLOMUSH_REQUIRE_TOOLCHAINS: "1" }]) {
    it(`fails with that line where toolchains are required (${Object.keys(env)[0]})`, () => {
      const run = build("no-such-tool-here", env);
      assert.equal(run.status, 1);
      assert.equal(run.stdout, "");
      assert.match(run.stderr, /^demo: failed: no-such-tool-here not found \(install it from example\.org\); /);
      assert.equal(existsSync(join(dir, ".toolchain-skipped")), false);
    });
  }
});
