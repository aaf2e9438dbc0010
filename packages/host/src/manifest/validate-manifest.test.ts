import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { HostErrorCode } from "../errors.js";
import { validateManifest } from "./validate-manifest.js";

const good = path.join(path.dirname(fileURLToPath(import.meta.url)), "__fixtures__", "good");
const load = (name: string) => parse(readFileSync(path.join(good, name), "utf8")) as Record<string, unknown>;
const base = { name: "demo", version: "1.0.0", type: "inproc", "inproc-plugin": { module: "index.js" } };

describe("validateManifest", () => {
  it("normalises the core-scenes manifest with defaults filled", () => {
    const { source, errors } = validateManifest(
      load("core-scenes.yaml"),
      "/p/core-scenes/plugin.yaml",
      "/p/core-scenes",
    );
    expect(errors).toEqual([]);
    expect(source).toEqual({
      file: "/p/core-scenes/plugin.yaml",
      dir: "/p/core-scenes",
      manifest: {
        name: "core-scenes",
        version: "1.0.0",
        type: "binary",
        description: "",
        requires: ["holomush.world.v1.WorldService"],
        provides: ["holomush.scene.v1.SceneService"],
        storage: "postgres",
        commands: [
          {
            name: "scene",
            help: "Manage RP scenes",
            usage: "scene <subcommand> [args]",
            aliases: [],
            capabilities: [{ action: "write", resource: "scene", scope: "local" }],
          },
          {
            name: "scenes",
            help: "Browse open scenes",
            usage: "scenes [--tags tag1,tag2]",
            aliases: [],
            capabilities: [],
          },
        ],
        policies: [],
        emits: [],
        events: [],
        dependencies: [],
        priority: 50,
        config: {},
        delivery: { queueSize: 256, overflow: "drop", timeoutMs: 5000 },
        binaryPlugin: { executable: "core-scenes", args: [], env: {} },
      },
    });
  });

  it("normalises dependencies, event subscriptions and paths", () => {
    const { source } = validateManifest(load("presence-inproc.yaml"), "/p/plugin.yaml", "/p");
    expect(source?.manifest.dependencies).toEqual([
      { name: "core-communication", version: "*", optional: false },
      { name: "core-scenes", version: "^1.0.0", optional: false },
      { name: "mail", version: ">=2.0.0 <3.0.0", optional: true },
    ]);
    expect(source?.manifest.events).toEqual([
      { stream: "location:*", types: ["arrive", "leave"], intercept: false },
      { stream: "session:*", types: [], intercept: false },
    ]);
    expect(source?.manifest.priority).toBe(10);
    expect(source?.manifest.inprocPlugin).toEqual({ module: "dist/index.js" });
  });

  it("defaults the wasm call timeout to the delivery timeout and normalises paths", () => {
    const echo = validateManifest(load("echo-wasm.yaml"), "/p/plugin.yaml", "/p").source?.manifest;
    expect(echo?.wasmPlugin).toEqual({
      module: "echo-python.wasm",
      maxMemoryPages: 256,
      timeoutMs: 5000,
      allowedPaths: {},
      allowedHosts: [],
    });
    const raw = { ...base, type: "wasm", "inproc-plugin": undefined, delivery: { "timeout-ms": 750 } };
    const tuned = validateManifest({ ...raw, "wasm-plugin": { module: "a//b/./x.wasm" } }, "f", "d").source?.manifest;
    expect(tuned?.wasmPlugin?.timeoutMs).toBe(750);
    expect(tuned?.wasmPlugin?.module).toBe("a/b/x.wasm");
    const sandboxed = validateManifest(load("wasm-sandboxed.yaml"), "/p/plugin.yaml", "/p").source?.manifest;
    expect(sandboxed?.wasmPlugin).toEqual({
      module: "build/weather.wasm",
      maxMemoryPages: 512,
      timeoutMs: 1000,
      allowedPaths: { data: "/data", cache: "/cache" },
      allowedHosts: ["api.weather.example", "*.example.org"],
      hostFunctions: ["log", "emit", "kv_get", "kv_set"],
    });
  });

  it("reports every error of a manifest at once, each with file, field and plugin", () => {
    const raw = {
      ...base,
      version: "v1.0.0",
      priority: -1,
      emits: ["Bad"],
      commands: [{ name: "look" }, { name: "look", help: "again" }],
      "wasm-plugin": { module: "x.wasm" },
    };
    const { source, errors } = validateManifest(raw, "/p/plugin.yaml", "/p");
    expect(source).toBeUndefined();
    expect(errors.map((error) => error.field)).toEqual([
      "version",
      "priority",
      "emits[0]",
      "wasm-plugin",
      "commands[0].help",
      "commands[1].name",
    ]);
    for (const error of errors) {
      expect(error.code).toBe(HostErrorCode.MANIFEST_INVALID);
      expect(error.file).toBe("/p/plugin.yaml");
      expect(error.plugin).toBe("demo");
    }
    expect(errors[5]?.message).toBe('command name "look" is already used by commands[0].name');
  });

  it("suggests the nearest key for a typo", () => {
    const { errors } = validateManifest({ ...base, depedencies: [] }, "f", "d");
    expect(errors[0]?.format()).toBe(
      'f: depedencies: MANIFEST_INVALID: unknown key "depedencies"; did you mean "dependencies"?',
    );
  });

  it.each([
    ["1.0.0", true],
    ["1.0.0-beta.2+build.7", true],
    ["0.0.0+sha.5114f85", true],
    ["v1.0.0", false],
    ["=1.0.0", false],
    [" 1.0.0", false],
    ["1.0", false],
    ["1", false],
    ["01.0.0", false],
    ["1.0.0-01", false],
  ])("version %j valid: %s", (version, valid) => {
    expect(validateManifest({ ...base, version }, "f", "d").errors.length === 0).toBe(valid);
  });

  it.each([
    ["core-scenes", true],
    ["a", true],
    ["a1-b2", true],
    ["1core", false],
    ["core-", false],
    ["core--scenes", false],
    ["Core", false],
    ["a".repeat(64), true],
    ["a".repeat(65), false],
  ])("name %j valid: %s", (name, valid) => {
    expect(validateManifest({ ...base, name }, "f", "d").errors.length === 0).toBe(valid);
  });

  it("refuses paths that leave the plugin directory with PATH_ESCAPES_PLUGIN_DIR", () => {
    for (const module of ["/abs/x.js", "../x.js", "a/../../x.js", "..\\x.js", "C:\\x.js", "\\\\server\\x.js"]) {
      const { errors } = validateManifest({ ...base, "inproc-plugin": { module } }, "f", "d");
      expect(errors.map((error) => [error.code, error.field])).toEqual([
        [HostErrorCode.PATH_ESCAPES_PLUGIN_DIR, "inproc-plugin.module"],
      ]);
    }
  });

  it("keeps only the section matching the type", () => {
    const { source } = validateManifest(load("dial-in-binary.yaml"), "f", "d");
    expect(source?.manifest.binaryPlugin).toEqual({ args: [], env: { BRIDGE_MODE: "relay" } });
    expect(source?.manifest.wasmPlugin).toBeUndefined();
  });
});
