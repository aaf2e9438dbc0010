import { describe, expect, it } from "vitest";
import { HostErrorCode } from "../errors.js";
import type { ManifestSource, PluginDependency, PluginManifest } from "../manifest/manifest.js";
import { dependentsOf, resolveLoadOrder } from "./dependency-graph.js";

type Spec = Partial<Omit<PluginManifest, "dependencies">> & { dependencies?: (string | Partial<PluginDependency>)[] };

function plugin(name: string, spec: Spec = {}, dir = `/plugins/${name}`): ManifestSource {
  const dependencies = (spec.dependencies ?? []).map((dependency) =>
    typeof dependency === "string"
      ? { name: dependency, version: "*", optional: false }
      : { name: "", version: "*", optional: false, ...dependency },
  );
  const manifest: PluginManifest = {
    name,
    version: "1.0.0",
    type: "inproc",
    description: "",
    requires: [],
    provides: [],
    storage: "kv",
    commands: [],
    policies: [],
    emits: [],
    events: [],
    priority: 50,
    config: {},
    delivery: { queueSize: 256, overflow: "drop", timeoutMs: 5000 },
    inprocPlugin: { module: "index.js" },
    ...spec,
    dependencies,
  };
  return { manifest, file: `${dir}/plugin.yaml`, dir };
}

const names = (sources: ManifestSource[]) => sources.map((source) => source.manifest.name);
const skippedCodes = (result: ReturnType<typeof resolveLoadOrder>) =>
  result.skipped.map(({ source, error }) => [source.manifest.name, error.code]);

describe("resolveLoadOrder", () => {
  it("orders a diamond: a first, then b and c, then d", () => {
    const result = resolveLoadOrder([
      plugin("d", { dependencies: ["b", "c"] }),
      plugin("c", { dependencies: ["a"] }),
      plugin("b", { dependencies: ["a"] }),
      plugin("a"),
    ]);
    expect(names(result.order)).toEqual(["a", "b", "c", "d"]);
    expect(result.errors).toEqual([]);
    expect(result.skipped).toEqual([]);
  });

  it("breaks ties by priority, then name, without overriding dependencies", () => {
    const result = resolveLoadOrder([
      plugin("zeta", { priority: 10 }),
      plugin("alpha"),
      plugin("beta"),
      plugin("early", { priority: 0, dependencies: ["late"] }),
      plugin("late", { priority: 90 }),
    ]);
    expect(names(result.order)).toEqual(["zeta", "alpha", "beta", "late", "early"]);
  });

  it("reports a cycle in order, skips its members and their dependents, and loads the rest", () => {
    const result = resolveLoadOrder([
      plugin("b", { dependencies: ["c"] }),
      plugin("a", { dependencies: ["b"] }),
      plugin("c", { dependencies: ["a"] }),
      plugin("user", { dependencies: ["c"] }),
      plugin("free"),
    ]);
    expect(names(result.order)).toEqual(["free"]);
    const cycle = result.errors.find((error) => error.code === HostErrorCode.CIRCULAR_DEPENDENCY);
    expect(cycle?.message).toBe("circular dependency: a -> b -> c -> a");
    expect(skippedCodes(result)).toEqual([
      ["b", HostErrorCode.CIRCULAR_DEPENDENCY],
      ["a", HostErrorCode.CIRCULAR_DEPENDENCY],
      ["c", HostErrorCode.CIRCULAR_DEPENDENCY],
      ["user", HostErrorCode.MISSING_DEPENDENCY],
    ]);
    expect(result.errors).toHaveLength(2);
  });

  it("reports a cycle through a required service", () => {
    const result = resolveLoadOrder([
      plugin("scenes", { type: "binary", provides: ["x.v1.SceneService"], dependencies: ["world"] }),
      plugin("world", { requires: ["x.v1.SceneService"] }),
    ]);
    expect(result.errors.map((error) => error.message)).toEqual(["circular dependency: scenes -> world -> scenes"]);
  });

  it("skips a plugin whose required service nobody provides, and its dependents", () => {
    const result = resolveLoadOrder([
      plugin("scenes", { requires: ["holomush.world.v1.WorldService"] }),
      plugin("scene-log", { dependencies: ["scenes"] }),
      plugin("ok"),
    ]);
    expect(names(result.order)).toEqual(["ok"]);
    expect(skippedCodes(result)).toEqual([
      ["scenes", HostErrorCode.MISSING_SERVICE_PROVIDER],
      ["scene-log", HostErrorCode.MISSING_DEPENDENCY],
    ]);
    expect(result.errors[0]?.message).toContain("scenes");
    expect(result.errors[0]?.message).toContain("holomush.world.v1.WorldService");
  });

  it("lets host services satisfy requires and orders providers before consumers", () => {
    const world = "holomush.world.v1.WorldService";
    const scene = "holomush.scene.v1.SceneService";
    const result = resolveLoadOrder(
      [
        plugin("a-consumer", { requires: [scene, world] }),
        plugin("z-scenes", { type: "binary", requires: [world], provides: [scene] }),
      ],
      { hostServices: [world] },
    );
    expect(names(result.order)).toEqual(["z-scenes", "a-consumer"]);
    expect(result.errors).toEqual([]);
  });

  it("keeps the first of two providers of one service and skips the second", () => {
    const service = "holomush.scene.v1.SceneService";
    const result = resolveLoadOrder([
      plugin("scenes-a", { type: "binary", provides: [service] }),
      plugin("scenes-b", { type: "binary", provides: [service] }),
      plugin("consumer", { requires: [service] }),
    ]);
    expect(names(result.order)).toEqual(["scenes-a", "consumer"]);
    expect(skippedCodes(result)).toEqual([["scenes-b", HostErrorCode.DUPLICATE_SERVICE_PROVIDER]]);
    expect(result.errors[0]?.message).toContain('"scenes-a"');
    expect(result.errors[0]?.message).toContain('"scenes-b"');
  });

  it("refuses a plugin providing a service the host provides", () => {
    const service = "holomush.world.v1.WorldService";
    const result = resolveLoadOrder([plugin("world", { type: "binary", provides: [service] })], {
      hostServices: [service],
    });
    expect(skippedCodes(result)).toEqual([["world", HostErrorCode.DUPLICATE_SERVICE_PROVIDER]]);
  });

  it("drops a missing optional dependency and fails on a missing required one", () => {
    const result = resolveLoadOrder([
      plugin("mailer", { dependencies: [{ name: "spam-filter", optional: true }] }),
      plugin("pager", { dependencies: ["mailer", "sms"] }),
    ]);
    expect(names(result.order)).toEqual(["mailer"]);
    expect(skippedCodes(result)).toEqual([["pager", HostErrorCode.MISSING_DEPENDENCY]]);
    expect(result.errors.map((error) => error.message)).toEqual([
      'plugin "pager" depends on "sms", which was not found',
    ]);
  });

  it("drops an optional dependency on a skipped plugin but keeps its order otherwise", () => {
    const result = resolveLoadOrder([
      plugin("a", { priority: 0, dependencies: [{ name: "broken", optional: true }, "b"] }),
      plugin("b"),
      plugin("broken", { dependencies: ["ghost"] }),
    ]);
    expect(names(result.order)).toEqual(["b", "a"]);
    expect(skippedCodes(result)).toEqual([["broken", HostErrorCode.MISSING_DEPENDENCY]]);
  });

  it("reports a version mismatch naming both plugins", () => {
    const result = resolveLoadOrder([
      plugin("core", { version: "1.4.2" }),
      plugin("ext", { dependencies: [{ name: "core", version: "^2.0.0" }] }),
      plugin("ext-ok", { dependencies: [{ name: "core", version: ">=1.4.0 <2" }] }),
    ]);
    expect(names(result.order)).toEqual(["core", "ext-ok"]);
    expect(skippedCodes(result)).toEqual([["ext", HostErrorCode.DEPENDENCY_VERSION_MISMATCH]]);
    expect(result.errors[0]?.message).toBe('plugin "ext" needs "core" ^2.0.0, but found version 1.4.2 (/plugins/core)');
  });

  it("keeps the first of two plugins with one name", () => {
    const result = resolveLoadOrder([plugin("dup", {}, "/a/dup"), plugin("dup", {}, "/b/dup")]);
    expect(result.order.map((source) => source.dir)).toEqual(["/a/dup"]);
    expect(skippedCodes(result)).toEqual([["dup", HostErrorCode.DUPLICATE_PLUGIN]]);
    expect(result.errors[0]?.message).toContain("/a/dup");
    expect(result.errors[0]?.message).toContain("/b/dup");
  });
});

describe("dependentsOf", () => {
  it("lists transitive dependents in load order", () => {
    const sources = [
      plugin("d", { dependencies: ["b", "c"] }),
      plugin("c", { dependencies: ["a"], priority: 10 }),
      plugin("b", { requires: ["x.v1.AService"] }),
      plugin("a", { type: "binary", provides: ["x.v1.AService"] }),
      plugin("e", { dependencies: [{ name: "d", optional: true }] }),
      plugin("unrelated"),
    ];
    expect(dependentsOf("a", sources)).toEqual(["c", "b", "d", "e"]);
    expect(dependentsOf("d", sources)).toEqual(["e"]);
    expect(dependentsOf("unrelated", sources)).toEqual([]);
  });
});
