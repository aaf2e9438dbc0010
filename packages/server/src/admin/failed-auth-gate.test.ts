import { afterEach, describe, expect, it, vi } from "vitest";
import { createFailedAuthGate } from "./failed-auth-gate.js";

afterEach(() => vi.useRealTimers());

describe("the failed-auth gate", () => {
  it("answers refusals one after another, each held the delay", async () => {
    vi.useFakeTimers();
    const gate = createFailedAuthGate(100);
    const answered: number[] = [];
    for (const n of [1, 2, 3]) void gate.refused().then(() => answered.push(n));
    await vi.advanceTimersByTimeAsync(100);
    expect(answered).toEqual([1]);
    await vi.advanceTimersByTimeAsync(100);
    expect(answered).toEqual([1, 2]);
    await vi.advanceTimersByTimeAsync(100);
    expect(answered).toEqual([1, 2, 3]);
  });
});
