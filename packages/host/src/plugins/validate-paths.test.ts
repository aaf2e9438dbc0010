import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HostError, HostErrorCode } from "../errors.js";
import { formatHostError, validatePaths } from "./validate-paths.js";

describe("validatePaths", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "holomush-validate-"));
    const write = async (dir: string, text: string) => {
      await mkdir(path.join(root, dir), { recursive: true });
      await writeFile(path.join(root, dir, "plugin.yaml"), text);
    };
    const head = (name: string) => `name: ${name}\nversion: 1.0.0\ntype: inproc\ninproc-plugin: { module: index.js }\n`;
    await write("plugins/base", head("base"));
    await write("plugins/needs-world", `${head("needs-world")}requires: [holomush.world.v1.WorldService]\n`);
    await write("plugins/needs-base", `${head("needs-base")}dependencies: [{ name: base, version: ^2.0.0 }]\n`);
    await write("single", `${head("single")}priority: 500\n`);
    await mkdir(path.join(root, "dir-manifest", "plugin.yaml"), { recursive: true });
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("validates a plugin.yaml and a plugin directory", async () => {
    const byFile = await validatePaths([path.join(root, "single", "plugin.yaml")]);
    const byDir = await validatePaths([path.join(root, "single")]);
    expect(byFile.map(formatHostError)).toEqual([
      `${path.join(root, "single", "plugin.yaml")}: priority: MANIFEST_INVALID: must be from 0 to 100, got 500`,
    ]);
    expect(byDir.map(formatHostError)).toEqual(byFile.map(formatHostError));
    expect(await validatePaths([path.join(root, "plugins", "base")])).toEqual([]);
  });

  it("runs discovery and dependency resolution over a directory of plugins", async () => {
    const errors = await validatePaths([path.join(root, "plugins")]);
    expect(errors.map((error) => [error.code, error.plugin])).toEqual([
      [HostErrorCode.DEPENDENCY_VERSION_MISMATCH, "needs-base"],
      [HostErrorCode.MISSING_SERVICE_PROVIDER, "needs-world"],
    ]);
    const withHost = await validatePaths([path.join(root, "plugins")], {
      hostServices: ["holomush.world.v1.WorldService"],
    });
    expect(withHost.map((error) => error.code)).toEqual([HostErrorCode.DEPENDENCY_VERSION_MISMATCH]);
  });

  it("refuses a plugin.yaml that is a directory, named directly or through its plugin directory", async () => {
    const manifest = path.join(root, "dir-manifest", "plugin.yaml");
    for (const target of [manifest, path.join(root, "dir-manifest")]) {
      const errors = await validatePaths([target]);
      expect(errors.map((error) => [error.code, error.file])).toEqual([[HostErrorCode.MANIFEST_UNREADABLE, manifest]]);
    }
  });

  it("reports a missing path and goes on", async () => {
    const errors = await validatePaths([path.join(root, "nope"), path.join(root, "single")]);
    expect(errors.map((error) => error.code)).toEqual([
      HostErrorCode.MANIFEST_NOT_FOUND,
      HostErrorCode.MANIFEST_INVALID,
    ]);
  });
});

describe("formatHostError", () => {
  it("prints path: field: CODE: message, leaving out what is unknown", () => {
    const error = new HostError(HostErrorCode.MANIFEST_INVALID, "is required", {
      file: "a/plugin.yaml",
      field: "name",
    });
    expect(formatHostError(error)).toBe("a/plugin.yaml: name: MANIFEST_INVALID: is required");
    expect(formatHostError(new HostError(HostErrorCode.MISSING_DEPENDENCY, "gone"))).toBe("MISSING_DEPENDENCY: gone");
  });
});
