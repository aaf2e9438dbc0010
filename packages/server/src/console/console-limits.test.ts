import { isHostError } from "@holomush/host";
import { describe, expect, it } from "vitest";
import { createCommandRate } from "./command-rate.js";
import { createConnectionAdmission } from "./connection-admission.js";
import { DEFAULT_CONSOLE_LIMITS, resolveConsoleLimits } from "./console-limits.js";

describe("console limits", () => {
  it("overlays the given limits on the defaults", () => {
    expect(resolveConsoleLimits({ maxLineBytes: 100, idleTimeoutMs: 0 })).toEqual({
      ...DEFAULT_CONSOLE_LIMITS,
      maxLineBytes: 100,
      idleTimeoutMs: 0,
    });
  });

  it.each([
    ["maxLineBytes", 0],
    ["maxConnections", -1],
    ["commandBurst", 1.5],
    ["loginTimeoutMs", "60"],
  ])("refuses %s = %j with INVALID_ARGUMENT naming the limit", (key, value) => {
    let error: unknown;
    try {
      resolveConsoleLimits({ [key]: value } as never);
    } catch (caught) {
      error = caught;
    }
    expect(isHostError(error, "INVALID_ARGUMENT")).toBe(true);
    expect((error as Error).message).toContain(key);
  });
});

describe("connection admission", () => {
  it("caps connections in total and per address, and frees a place on release", () => {
    const admission = createConnectionAdmission({ maxConnections: 3, maxConnectionsPerAddress: 2 });
    const a1 = admission.admit("10.0.0.1");
    const a2 = admission.admit("10.0.0.1");
    expect(admission.admit("10.0.0.1")).toEqual({
      admitted: false,
      limit: "max_per_address",
      reason: "your address has 2 connections open, the limit per address",
    });
    const b1 = admission.admit("10.0.0.2");
    expect(b1.admitted).toBe(true);
    expect(admission.admit("10.0.0.3")).toEqual({
      admitted: false,
      limit: "max_connections",
      reason: "the host has 3 connections open, its limit",
    });
    if (!a1.admitted || !a2.admitted) throw new Error("expected admission");
    a1.release();
    a1.release(); // twice is once
    expect(admission.open).toBe(2);
    expect(admission.admit("10.0.0.3").admitted).toBe(true);
    expect(admission.admit("10.0.0.1").admitted).toBe(false);
  });
});

describe("command rate", () => {
  it("lets a burst through, then spaces commands at the rate", () => {
    let now = 0;
    const rate = createCommandRate(10, 3, () => now);
    expect([rate.take(), rate.take(), rate.take()]).toEqual([0, 0, 0]);
    expect(rate.take()).toBe(100);
    now = 1000;
    expect(rate.take()).toBe(0);
  });

  it("is off at 0 commands per second", () => {
    const rate = createCommandRate(0, 1);
    expect(Array.from({ length: 100 }, () => rate.take()).every((wait) => wait === 0)).toBe(true);
  });
});
