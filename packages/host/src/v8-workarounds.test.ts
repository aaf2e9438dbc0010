import { describe, expect, it, vi } from "vitest";

const applied = vi.hoisted(() => ({ calls: 0 }));
vi.mock("./v8-workarounds.js", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./v8-workarounds.js")>()),
  avoidJsToWasmDeoptCrash: () => {
    applied.calls++;
    return true;
  },
}));

const { hasJsToWasmDeoptBug } = await import("./v8-workarounds.js");
const { loadCedar } = await import("./auth/cedar-engine.js");

describe("the V8 JS→Wasm deoptimizer workaround", () => {
  it("applies to V8 11 (Node 20) only", () => {
    expect(hasJsToWasmDeoptBug("11.3.244.8-node.38")).toBe(true);
    expect(hasJsToWasmDeoptBug("12.4.254.21-node.33")).toBe(false);
    expect(hasJsToWasmDeoptBug("13.6.233.10-node.27")).toBe(false);
    expect(hasJsToWasmDeoptBug("garbage")).toBe(false);
  });

  it("is in place before the Cedar engine is loaded", async () => {
    await loadCedar();
    expect(applied.calls).toBeGreaterThan(0);
  });
});
