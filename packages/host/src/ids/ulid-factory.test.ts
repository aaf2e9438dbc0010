import { decodeTime, isValid } from "ulid";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createUlidFactory } from "./ulid-factory.js";

describe("createUlidFactory", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("makes valid, unique ULIDs that sort in the order they were made, across milliseconds", () => {
    const next = createUlidFactory();
    vi.useFakeTimers({ toFake: ["Date"] });
    const ids: string[] = [];
    for (let ms = 0; ms < 5; ms++) {
      vi.setSystemTime(1_700_000_000_000 + ms);
      for (let i = 0; i < 200; i++) ids.push(next());
    }
    for (const id of ids) expect(isValid(id)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(decodeTime(ids.at(-1) as string)).toBe(1_700_000_000_004);
  });

  it("takes its randomness from the given source: 16 characters per fresh millisecond, none within one", () => {
    const draws = vi.fn(() => 0.5);
    const next = createUlidFactory(draws);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(1_700_000_000_000);
    const first = next();
    const second = next();
    expect(draws).toHaveBeenCalledTimes(16);
    expect(second > first).toBe(true);
    vi.setSystemTime(1_700_000_000_001);
    next();
    expect(draws).toHaveBeenCalledTimes(32);
  });
});
