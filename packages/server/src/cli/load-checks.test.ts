/**
 * `validate` and `run` refuse the same plugins for the same reasons: a
 * directory of broken plugins (one of each kind of load-time failure) goes
 * through validatePaths with the CLI's load checks and through a real host
 * with the CLI's runtimes, and both must name the same plugins and codes.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHost, createServiceDirectory, validatePaths } from "@holomush/host";
import { buildGuest } from "@holomush/test-services/wat-guests";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { BUILT_IN_SERVICES } from "../world/built-in-world.js";
import { DEFAULT_LOAD_CHECKS, defaultRuntimes } from "./default-runtimes.js";

const root = mkdtempSync(join(tmpdir(), "holomush-load-checks-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function plugin(name: string, manifest: Record<string, unknown>, files: Record<string, string | Uint8Array> = {}) {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "plugin.yaml"), stringify({ name, version: "1.0.0", ...manifest }));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(join(dir, file, ".."), { recursive: true });
    writeFileSync(join(dir, file), content);
  }
  return dir;
}

/** What each broken plugin must be refused with, by both commands. */
const EXPECTED: Record<string, string> = {
  "missing-exe": "EXECUTABLE_INVALID",
  "not-executable": "EXECUTABLE_INVALID",
  "wasm-env-import": "WASM_IMPORT_NOT_GRANTED",
  "wasm-no-module": "PLUGIN_LOAD_FAILED",
  "lua-syntax": "LUA_SYNTAX_ERROR",
  "inproc-unbuilt": "PLUGIN_LOAD_FAILED",
  "bad-manifest": "MANIFEST_INVALID",
};

beforeAll(async () => {
  plugin("missing-exe", { type: "binary", "binary-plugin": { executable: "bin/nope" } });
  plugin(
    "not-executable",
    { type: "binary", "binary-plugin": { executable: "bin/run" } },
    { "bin/run": "#!/bin/sh\n" },
  );
  chmodSync(join(root, "not-executable", "bin/run"), 0o644);
  const envImport = await buildGuest({ handleEvent: "", imports: '(import "env" "now" (func $now (result f64)))' });
  plugin("wasm-env-import", { type: "wasm", "wasm-plugin": { module: "plugin.wasm" } }, { "plugin.wasm": envImport });
  plugin("wasm-no-module", { type: "wasm", "wasm-plugin": { module: "build/missing.wasm" } });
  // Lua has a runtime in the CLI now, so its broken case is one its load check must catch.
  plugin("lua-syntax", { type: "lua", "lua-plugin": { entry: "main.lua" } }, { "main.lua": "return {\n" });
  plugin("inproc-unbuilt", { type: "inproc", "inproc-plugin": { module: "dist/index.js" } });
  plugin("bad-manifest", { version: "one", type: "inproc", "inproc-plugin": { module: "x.js" } });
  // AssemblyScript's Math.random imports env::seed: the host provides it, so this one loads and runs.
  const seeded = await buildGuest({
    handleEvent: "(drop (call $seed))",
    imports: '(import "env" "seed" (func $seed (result f64)))',
  });
  plugin(
    "wasm-seed",
    { type: "wasm", "wasm-plugin": { module: "plugin.wasm" }, events: [{ stream: "location:*", types: ["say"] }] },
    { "plugin.wasm": seeded },
  );
});

describe("validate runs the load-time checks run does", () => {
  it("refuses the same plugins with the same codes as a real host start", async () => {
    const errors = await validatePaths([root], {
      hostServices: [...BUILT_IN_SERVICES],
      loadChecks: DEFAULT_LOAD_CHECKS,
    });
    const validated = Object.fromEntries(errors.map((error) => [pluginOf(error), error.code]));
    expect(validated).toEqual(EXPECTED);

    const host = await createHost({
      pluginDirs: [root],
      runtimes: defaultRuntimes(),
      logger: pino({ level: "silent" }),
    });
    try {
      const report = await host.start();
      // Invalid manifests are in the summary's failed list too, not only in the log.
      expect(Object.fromEntries(report.failed.map((failure) => [failure.name, failure.error.code]))).toEqual(EXPECTED);
      expect(report.loaded).toEqual(["wasm-seed"]);
      await host.publish({ stream: "location:square", type: "say", payload: "{}", actorKind: 1, actorId: "x" });
      await host.bus.idle();
      expect(host.bus.stats()["wasm-seed"]).toMatchObject({ delivered: 1, errors: 0 });
    } finally {
      await host.stop();
    }
  }, 60_000);

  it("names the file and field at fault and hints at --use for AssemblyScript's env imports", async () => {
    const errors = await validatePaths([join(root, "not-executable"), join(root, "wasm-env-import")], {
      loadChecks: DEFAULT_LOAD_CHECKS,
    });
    expect(errors.map((error) => error.format())).toEqual([
      expect.stringMatching(/binary-plugin\.executable: EXECUTABLE_INVALID: executable bin\/run is not executable/),
      expect.stringMatching(/WASM_IMPORT_NOT_GRANTED: imports env::now, which the host does not provide .*--use now=/),
    ]);
  });

  it("loads a search path that is itself a plugin directory", async () => {
    const host = await createHost({
      pluginDirs: [join(root, "wasm-seed")],
      runtimes: defaultRuntimes(),
      logger: pino({ level: "silent" }),
    });
    try {
      expect(await host.start()).toMatchObject({ loaded: ["wasm-seed"], failed: [] });
    } finally {
      await host.stop();
    }
  });
});

describe("the CLI's runtimes and load checks", () => {
  it("has a load check for every runtime run offers, so validate cannot fall behind run", async () => {
    const types: string[] = ["inproc"];
    for (const entry of defaultRuntimes()) {
      const runtime =
        typeof entry === "function"
          ? entry({ services: createServiceDirectory(), logger: pino({ level: "silent" }), refused: () => undefined })
          : entry;
      types.push(runtime.type);
      await runtime.close?.();
    }
    expect(Object.keys(DEFAULT_LOAD_CHECKS).sort()).toEqual([...new Set(types)].sort());
  });
});

function pluginOf(error: { plugin?: string | undefined; file?: string | undefined }): string {
  return error.plugin ?? error.file?.split("/").at(-2) ?? "?";
}
