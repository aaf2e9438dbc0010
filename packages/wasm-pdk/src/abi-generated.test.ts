// assembly/abi.generated.ts is what @holomush/proto's wire vocabulary generates
// (regenerate: pnpm --filter @holomush/wasm-pdk generate:abi).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { assemblyAbi } from "../scripts/assembly-abi.js";

describe("assembly/abi.generated.ts", () => {
  it("is up to date with @holomush/proto", () => {
    const committed = readFileSync(new URL("../assembly/abi.generated.ts", import.meta.url), "utf8");
    expect(committed, "stale: run pnpm --filter @holomush/wasm-pdk generate:abi").toBe(assemblyAbi());
  });

  it("carries the actor kinds and the focus codes the AssemblyScript PDK uses", () => {
    expect(assemblyAbi()).toContain("export const ACTOR_PLUGIN: i32 = 2;");
    expect(assemblyAbi()).toContain('export const ERROR_FOCUS_NOT_MEMBER: string = "FOCUS_NOT_MEMBER";');
  });
});
