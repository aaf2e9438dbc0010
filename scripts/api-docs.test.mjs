// The API reference (typedoc.json, `pnpm docs:api`) builds without a single warning: every export of
// every published entry point has a doc comment, and every type the API names is exported. Needs the
// packages built first (cross-package types resolve through their dist/*.d.ts), as CI does.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { root } from "./lib/packages.mjs";

test("typedoc validates the API reference with no warnings", () => {
  // --emit none: convert and validate only; CI needs the verdict, not the HTML.
  const typedoc = join(root, "node_modules", ".bin", "typedoc");
  const run = spawnSync(typedoc, ["--emit", "none"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  const output = `${run.stdout}${run.stderr}`;
  const warnings = output.split("\n").filter((line) => /\[(warning|error)\]/.test(line));
  assert.equal(run.status, 0, `typedoc failed (exit ${run.status}):\n${warnings.join("\n") || output}`);
  assert.deepEqual(warnings, [], "typedoc reported warnings");
});
