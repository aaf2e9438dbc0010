/**
 * Issue 22, hole 4, at load: the in-process runtime resolves
 * `inproc-plugin.module` to its real path again (the tree may have changed
 * since discovery) and refuses one that leads outside the plugin directory,
 * before importing anything. Real files and symlinks.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { loadManifest } from "../manifest/parse-manifest.js";
import type { PluginHostApi } from "../plugins/plugin-host-api.js";
import { createHookRegistry } from "./hook-registry.js";
import { createInprocRuntime } from "./inproc-runtime.js";

const root = mkdtempSync(join(tmpdir(), "holomush-inproc-path-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("the in-process runtime at load", () => {
  it("refuses a module that became a symlink to a file outside, without importing it", async () => {
    const outside = join(root, "outside");
    mkdirSync(outside);
    writeFileSync(join(outside, "evil.mjs"), "globalThis.__holomushEscaped = true;\nexport const plugin = {};\n");
    const dir = join(root, "inproc-late");
    mkdirSync(dir);
    writeFileSync(
      join(dir, "plugin.yaml"),
      "name: inproc-late\nversion: 1.0.0\ntype: inproc\ninproc-plugin:\n  module: plugin.mjs\n",
    );
    writeFileSync(join(dir, "plugin.mjs"), "export const plugin = {};\n");
    const { source } = await loadManifest(join(dir, "plugin.yaml"));
    if (!source) throw new Error("the manifest should be valid before the swap");
    rmSync(join(dir, "plugin.mjs"));
    symlinkSync(join(outside, "evil.mjs"), join(dir, "plugin.mjs"));

    const logger = pino({ level: "silent" });
    const runtime = createInprocRuntime({ hooks: createHookRegistry({ logger }), objects: new Map() });
    // Refused before the plugin could use its host API: an empty one is enough here.
    const host = { pluginName: "inproc-late" } as PluginHostApi;
    const error = await runtime.load({ source, host, logger, signal: new AbortController().signal }).catch((e) => e);
    expect(error).toMatchObject({ code: "PATH_ESCAPES_PLUGIN_DIR", field: "inproc-plugin.module" });
    expect((globalThis as { __holomushEscaped?: boolean }).__holomushEscaped).toBeUndefined();
  });
});
