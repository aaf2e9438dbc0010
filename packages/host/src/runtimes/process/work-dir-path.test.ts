/**
 * Issue 22, hole 4, at load: the process runtime resolves
 * `binary-plugin.work-dir` to its real path again and refuses one that leads
 * outside the plugin directory (here a symlink to /) before spawning.
 */
import { chmodSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createFixtureRuntime, echoManifest } from "./__fixtures__/test-host.js";

describe("the process runtime at load", () => {
  const fixture = createFixtureRuntime();
  const dir = mkdtempSync(join(tmpdir(), "holomush-workdir-"));
  afterAll(async () => {
    await fixture.runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a work-dir symlinked to / before spawning", async () => {
    const marker = join(dir, "spawned");
    writeFileSync(join(dir, "plugin.mjs"), `#!/bin/sh\ntouch ${marker}\n`);
    chmodSync(join(dir, "plugin.mjs"), 0o755);
    symlinkSync("/", join(dir, "work"));
    const source = { ...echoManifest("workdir-late", {}, { workDir: "work" }), dir, file: join(dir, "plugin.yaml") };
    const error = await fixture.load(source).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "PATH_ESCAPES_PLUGIN_DIR", field: "binary-plugin.work-dir" });
    expect(existsSync(marker)).toBe(false);
  });
});
