// docs/installation.md, executed against this workspace's builds (links, no registry): the same
// runner pack-test uses with the packed tarballs. Needs `pnpm build` first.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { runInstallationDoc } from "./lib/installation-doc.mjs";
import { root } from "./lib/packages.mjs";

const dir = mkdtempSync(join(tmpdir(), "holomush-installation-doc-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function link(target, path) {
  mkdirSync(join(dir, "node_modules", path, ".."), { recursive: true });
  symlinkSync(target, join(dir, "node_modules", path));
}

test("docs/installation.md runs as written", { timeout: 600_000 }, async () => {
  writeFileSync(join(dir, "package.json"), '{ "name": "my-world", "private": true, "type": "module" }\n');
  for (const name of ["host", "plugin-sdk", "proto", "server", "testkit", "wasm-pdk"]) {
    link(join(root, "packages", name), `@holomush/${name}`);
  }
  for (const name of ["typescript", "vitest", "@types/node"]) link(join(root, "node_modules", name), name);
  link(join(root, "packages", "server", "bin", "holomush-host.js"), ".bin/holomush-host");
  link(join(root, "node_modules", "typescript", "bin", "tsc"), ".bin/tsc");
  link(join(root, "node_modules", "vitest", "vitest.mjs"), ".bin/vitest");
  const notes = await runInstallationDoc({ dir });
  for (const note of notes) console.log(note);
  assert.ok(
    notes.some((note) => note.startsWith("console transcript played")),
    notes.join("\n"),
  );
});
