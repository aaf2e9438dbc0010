import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HostErrorCode } from "../errors.js";
import { discoverPlugins, parsePluginPath } from "./discover-plugins.js";

const manifest = (name: string, extra = "") =>
  `name: ${name}\nversion: 1.0.0\ntype: inproc\ninproc-plugin: { module: index.js }\n${extra}`;

async function plugin(dir: string, text: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "plugin.yaml"), text);
}

describe("discoverPlugins", () => {
  let root: string;
  let first: string;
  let second: string;
  let outside: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "holomush-discover-"));
    first = path.join(root, "first");
    second = path.join(root, "second");
    outside = path.join(root, "outside");
    await plugin(path.join(first, "beta"), manifest("beta"));
    await plugin(path.join(first, "alpha"), manifest("alpha"));
    await plugin(path.join(first, "broken"), manifest("broken", "priority: high\n"));
    await mkdir(path.join(first, "docs"));
    await writeFile(path.join(first, "docs", "README.md"), "not a plugin\n");
    await writeFile(path.join(first, "README.md"), "not a plugin either\n");
    await plugin(path.join(second, "alpha-copy"), manifest("alpha"));
    await plugin(path.join(second, "gamma"), manifest("gamma"));
    await plugin(path.join(outside, "evil"), manifest("evil"));
    await symlink(path.join(outside, "evil"), path.join(second, "linked"));
    await mkdir(path.join(second, "yaml-link"));
    await symlink(path.join(outside, "evil", "plugin.yaml"), path.join(second, "yaml-link", "plugin.yaml"));
    await symlink(path.join(first, "docs"), path.join(second, "docs-link"));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("finds plugins in search-path then directory order, skipping and reporting bad ones", async () => {
    const { sources, errors } = await discoverPlugins([first, second, path.join(root, "missing")]);
    expect(sources.map((source) => source.manifest.name)).toEqual(["alpha", "beta", "gamma"]);
    expect(sources[0]?.dir).toBe(path.join(first, "alpha"));
    expect(sources[0]?.file).toBe(path.join(first, "alpha", "plugin.yaml"));
    expect(errors.map((error) => [error.code, path.relative(root, error.file ?? ""), error.field])).toEqual([
      [HostErrorCode.MANIFEST_INVALID, "first/broken/plugin.yaml", "priority"],
      [HostErrorCode.DUPLICATE_PLUGIN, "second/alpha-copy/plugin.yaml", undefined],
      [HostErrorCode.PATH_ESCAPES_PLUGIN_DIR, "second/linked/plugin.yaml", undefined],
      [HostErrorCode.PATH_ESCAPES_PLUGIN_DIR, "second/yaml-link/plugin.yaml", undefined],
      [HostErrorCode.MANIFEST_NOT_FOUND, "missing", undefined],
    ]);
  });

  it("names both directories of a duplicate, the first search path winning", async () => {
    const { sources, errors } = await discoverPlugins([second, first]);
    expect(sources.find((source) => source.manifest.name === "alpha")?.dir).toBe(path.join(second, "alpha-copy"));
    const duplicate = errors.find((error) => error.code === HostErrorCode.DUPLICATE_PLUGIN);
    expect(duplicate?.plugin).toBe("alpha");
    expect(duplicate?.message).toContain(path.join(second, "alpha-copy"));
    expect(duplicate?.message).toContain(path.join(first, "alpha"));
  });

  it("takes a search path holding a plugin.yaml as that one plugin (never a linked plugin.yaml)", async () => {
    const single = await discoverPlugins([path.join(first, "alpha")]);
    expect(single.errors).toEqual([]);
    expect(single.sources.map((source) => [source.manifest.name, source.dir])).toEqual([
      ["alpha", path.join(first, "alpha")],
    ]);
    const linked = await discoverPlugins([path.join(second, "yaml-link")]);
    expect(linked.sources).toEqual([]);
    expect(linked.errors.map((error) => [error.code, path.relative(root, error.file ?? "")])).toEqual([
      [HostErrorCode.PATH_ESCAPES_PLUGIN_DIR, "second/yaml-link/plugin.yaml"],
    ]);
  });

  it("accepts a search path that is itself a symlink", async () => {
    const link = path.join(root, "first-link");
    await symlink(first, link);
    const { sources } = await discoverPlugins([link]);
    expect(sources.map((source) => source.dir)).toEqual([path.join(link, "alpha"), path.join(link, "beta")]);
  });
});

describe("parsePluginPath", () => {
  it("splits on the platform delimiter and drops empty entries", () => {
    const value = ["/a", "", " /b ", "relative/c", ""].join(path.delimiter);
    expect(parsePluginPath(value)).toEqual(["/a", "/b", "relative/c"]);
    expect(parsePluginPath("")).toEqual([]);
  });
});
