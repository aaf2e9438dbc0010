import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HostErrorCode } from "../errors.js";
import { loadManifest, MANIFEST_MAX_BYTES, parseManifest } from "./parse-manifest.js";

describe("parseManifest", () => {
  it("reports YAML syntax errors with line and column", () => {
    const { source, errors } = parseManifest("name: demo\nversion: [1.0.0\ntype: inproc\n", "/p/plugin.yaml", "/p");
    expect(source).toBeUndefined();
    expect(errors[0]?.code).toBe(HostErrorCode.MANIFEST_YAML);
    expect(errors[0]?.file).toBe("/p/plugin.yaml");
    expect(errors[0]?.message).toMatch(/^YAML syntax error at line \d+, column \d+: \S/);
    expect(errors[0]?.details.line).toMatch(/^\d+$/);
  });

  it("treats duplicate keys as a YAML error", () => {
    const { errors } = parseManifest("name: a\nname: b\n", "f", "d");
    expect(errors.map((error) => [error.code, error.message])).toEqual([
      [HostErrorCode.MANIFEST_YAML, "YAML syntax error at line 2, column 1: Map keys must be unique"],
    ]);
  });

  it.each([
    ["an empty file", ""],
    ["a scalar", "just text\n"],
    ["a list", "- name: demo\n"],
  ])("refuses %s at the root with MANIFEST_INVALID", (_label, text) => {
    const { errors } = parseManifest(text, "f", "d");
    expect(errors.map((error) => [error.code, error.field])).toEqual([[HostErrorCode.MANIFEST_INVALID, undefined]]);
  });

  it("returns the normalised source of a valid manifest", () => {
    const text = "name: demo\nversion: 1.0.0\ntype: lua\nlua-plugin:\n  entry: ./main.lua\n";
    const { source, errors } = parseManifest(text, "/p/demo/plugin.yaml", "/p/demo");
    expect(errors).toEqual([]);
    expect(source?.manifest.luaPlugin).toEqual({
      entry: "main.lua",
      maxMemoryBytes: 33554432,
      timeoutMs: 5000,
      state: "fresh",
    });
    expect(source?.dir).toBe("/p/demo");
  });
});

describe("loadManifest", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "holomush-load-"));
    await mkdir(path.join(root, "demo"));
    await writeFile(
      path.join(root, "demo", "plugin.yaml"),
      "name: demo\nversion: 1.0.0\ntype: inproc\ninproc-plugin: { module: index.js }\n",
    );
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("reads a plugin.yaml and uses its directory as the plugin directory", async () => {
    const { source, errors } = await loadManifest(path.join(root, "demo", "plugin.yaml"));
    expect(errors).toEqual([]);
    expect(source?.file).toBe(path.join(root, "demo", "plugin.yaml"));
    expect(source?.dir).toBe(path.join(root, "demo"));
  });

  it("reports a missing file as MANIFEST_NOT_FOUND", async () => {
    const { errors } = await loadManifest(path.join(root, "nope", "plugin.yaml"));
    expect(errors.map((error) => error.code)).toEqual([HostErrorCode.MANIFEST_NOT_FOUND]);
  });

  it("refuses bytes that are not UTF-8 with MANIFEST_UNREADABLE naming the file", async () => {
    const file = path.join(root, "latin1.yaml");
    await writeFile(file, Buffer.from("name: d\xe9mo\nversion: 1.0.0\n", "latin1"));
    const { errors } = await loadManifest(file);
    expect(errors.map((error) => [error.code, error.file, error.message])).toEqual([
      [HostErrorCode.MANIFEST_UNREADABLE, file, "is not valid UTF-8 text"],
    ]);
  });

  it("refuses a file over MANIFEST_MAX_BYTES unread with MANIFEST_LIMIT_EXCEEDED", async () => {
    const file = path.join(root, "huge.yaml");
    await writeFile(file, `name: demo\ndescription: "${"x".repeat(MANIFEST_MAX_BYTES)}"\n`);
    const { errors } = await loadManifest(file);
    expect(errors.map((error) => [error.code, error.file, error.details.limit])).toEqual([
      [HostErrorCode.MANIFEST_LIMIT_EXCEEDED, file, "bytes"],
    ]);
  });

  it("reports a directory as MANIFEST_UNREADABLE", async () => {
    const { errors } = await loadManifest(path.join(root, "demo"));
    expect(errors.map((error) => error.code)).toEqual([HostErrorCode.MANIFEST_UNREADABLE]);
  });
});
