import { FocusKind } from "@holomush/proto";
import { describe, expect, it } from "vitest";
import { createFocusKindRegistry } from "./focus-kind-registry.js";
import { createSceneFocusKind } from "./scene-focus-kind.js";

describe("createFocusKindRegistry", () => {
  it("registers, gets and reports policies", () => {
    const scene = createSceneFocusKind();
    const registry = createFocusKindRegistry();
    expect(registry.has(FocusKind.SCENE)).toBe(false);
    expect(registry.get(FocusKind.SCENE)).toBeUndefined();
    registry.register(scene);
    expect(registry.has(FocusKind.SCENE)).toBe(true);
    expect(registry.get(FocusKind.SCENE)).toBe(scene);
    expect(registry.require(FocusKind.SCENE)).toBe(scene);
    expect(registry.kinds()).toEqual([FocusKind.SCENE]);
  });

  it("refuses a duplicate kind and the unspecified kind", () => {
    const registry = createFocusKindRegistry({ policies: [createSceneFocusKind()] });
    expect(() => registry.register(createSceneFocusKind())).toThrow(
      expect.objectContaining({ code: "FOCUS_KIND_DUPLICATE" }),
    );
    expect(() => registry.register({ kind: FocusKind.UNSPECIFIED, streams: () => [] })).toThrow(
      expect.objectContaining({ code: "INVALID_ARGUMENT" }),
    );
  });

  it("require names the missing kind with FOCUS_KIND_UNREGISTERED", () => {
    const registry = createFocusKindRegistry();
    expect(() => registry.require(FocusKind.SCENE)).toThrow(
      expect.objectContaining({ code: "FOCUS_KIND_UNREGISTERED", message: expect.stringContaining("SCENE") }),
    );
  });
});

describe("createSceneFocusKind", () => {
  it("owns the scene's streams and replay modes", () => {
    expect(createSceneFocusKind().streams("scene_42-b")).toEqual([
      { stream: "scene:scene_42-b:ic", replay: "tail", tailCount: 20 },
      { stream: "scene:scene_42-b:ooc", replay: "live" },
    ]);
    expect(createSceneFocusKind({ tailCount: 5 }).streams("s")[0]?.tailCount).toBe(5);
  });

  it.each(["", "has space", "a:b", "ünïcode", "x".repeat(129)])("refuses scene id %j", (id) => {
    expect(() => createSceneFocusKind().streams(id)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
  });
});
