/**
 * pluginsdk/storage through the host's provisioning: testplugins/notes
 * (`storage: postgres`, storage.Connect + RunMigrations from an embedded
 * directory), through the storage scenarios shared with the Python SDK's
 * notes plugin, on PGlite and on PostgreSQL.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeStoragePlugin } from "@holomush/example-suites/storage";
import { createProcessRuntime } from "@holomush/host";
import { goEchoUnbuilt } from "./built.js";

describeStoragePlugin({
  title: "a Go plugin on its own schema",
  plugin: "go-notes",
  command: "gonote",
  runtimes: [(host) => createProcessRuntime(host)],
  skip: goEchoUnbuilt(),
  prepareTimeoutMs: 180_000,
  prepare() {
    const dir = mkdtempSync(join(tmpdir(), "go-notes-plugin-"));
    const source = join(import.meta.dirname, "..", "testplugins", "notes");
    copyFileSync(join(source, "plugin.yaml"), join(dir, "plugin.yaml"));
    execFileSync("go", ["build", "-o", join(dir, "go-notes"), "./testplugins/notes"], {
      cwd: join(import.meta.dirname, ".."),
      stdio: "inherit",
    });
    return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  },
});
