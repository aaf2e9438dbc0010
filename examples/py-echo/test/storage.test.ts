/**
 * holomush_plugin.storage through the host's provisioning: testdata/notes
 * (`storage: postgres`, storage.connect + run_migrations from its migrations
 * directory, in py-echo's venv), through the storage scenarios shared with the
 * Go SDK's notes plugin, on PGlite and on PostgreSQL.
 */
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeStoragePlugin } from "@holomush/example-suites/storage";
import { createProcessRuntime } from "@holomush/host";
import { pyEchoUnbuilt } from "./built.js";

describeStoragePlugin({
  title: "a Python plugin on its own schema",
  plugin: "py-notes",
  command: "pynote",
  runtimes: [(host) => createProcessRuntime(host)],
  skip: pyEchoUnbuilt(),
  prepare() {
    const dir = mkdtempSync(join(tmpdir(), "py-notes-plugin-"));
    const source = join(import.meta.dirname, "..", "testdata", "notes");
    copyFileSync(join(source, "plugin.yaml"), join(dir, "plugin.yaml"));
    // The launcher runs notes.py (which finds its migrations beside it) in py-echo's venv.
    const python = join(import.meta.dirname, "..", ".venv", "bin", "python");
    const launcher = join(dir, "py-notes");
    writeFileSync(launcher, `#!/bin/sh\nexec ${python} ${join(source, "notes.py")}\n`);
    chmodSync(launcher, 0o755);
    return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  },
});
