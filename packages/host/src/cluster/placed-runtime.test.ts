/** Placement refuses what cannot work on several hosts at once, naming the plugin, file and field. */
import { describe, expect, it } from "vitest";
import { HostErrorCode } from "../errors.js";
import type { PluginRuntime, RuntimeLoadContext } from "../plugins/runtime.js";
import type { PlacementDeps } from "./placed-instance.js";
import { placedRuntime } from "./placed-runtime.js";

const inner: PluginRuntime = {
  type: "binary",
  load: async () => ({ handleEvent: async () => undefined, shutdown: async () => undefined }),
};

function context(storage: "kv" | "postgres"): RuntimeLoadContext {
  return {
    source: { file: "/plugins/notes/plugin.yaml", manifest: { name: "notes", storage } },
  } as unknown as RuntimeLoadContext;
}

describe("placedRuntime", () => {
  it("refuses to replicate a storage: postgres plugin", async () => {
    const runtime = placedRuntime(inner, () => "replicated", {} as PlacementDeps);
    await expect(runtime.load(context("postgres"))).rejects.toMatchObject({
      code: HostErrorCode.CLUSTER_CONFIG_INVALID,
      plugin: "notes",
      file: "/plugins/notes/plugin.yaml",
      field: "storage",
    });
  });

  it("loads a replicated plugin without storage straight from its runtime", async () => {
    const runtime = placedRuntime(inner, () => "replicated", {} as PlacementDeps);
    const instance = await runtime.load(context("kv"));
    expect(instance.interceptOnly).toBeUndefined();
  });
});
