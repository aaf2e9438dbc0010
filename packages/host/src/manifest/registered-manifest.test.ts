/**
 * A plugin the embedder registers as an object (host.registerPlugin): the
 * validator knows it is registered, so its in-process object stands in for
 * `inproc-plugin.module` and its source says so (no placeholder module, no
 * file-name sentinel).
 */
import { describe, expect, it } from "vitest";
import { HostErrorCode } from "../errors.js";
import { validateManifest } from "./validate-manifest.js";

const manifest = { name: "greeter", version: "1.0.0", type: "inproc" };

describe("validateManifest for a registered plugin", () => {
  it("needs no inproc-plugin section and marks the source registered", () => {
    const result = validateManifest(manifest, "registered plugin greeter", "/tmp", { registered: true });
    expect(result.errors).toEqual([]);
    expect(result.source?.registered).toBe(true);
    expect(result.source?.manifest.inprocPlugin).toBeUndefined();
  });

  it("still requires the section of a plugin read from a directory, and never marks it registered", () => {
    const result = validateManifest(manifest, "/plugins/greeter/plugin.yaml", "/plugins/greeter");
    expect(result.errors.map((error) => [error.code, error.field])).toEqual([
      [HostErrorCode.MANIFEST_INVALID, "inproc-plugin"],
    ]);
    const good = validateManifest({ ...manifest, "inproc-plugin": { module: "index.js" } }, "/p/plugin.yaml", "/p");
    expect(good.source?.registered).toBeUndefined();
  });

  it("keeps checking a registered plugin's other fields", () => {
    const result = validateManifest({ ...manifest, priority: 500 }, "registered plugin greeter", "/tmp", {
      registered: true,
    });
    expect(result.errors.map((error) => error.field)).toEqual(["priority"]);
  });
});
