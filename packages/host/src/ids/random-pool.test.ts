import { describe, expect, it } from "vitest";
import { pooledRandom } from "./random-pool.js";

describe("pooledRandom", () => {
  it("yields fractions of a byte in [0, 1), refilling the pool when it runs out", () => {
    const random = pooledRandom(8);
    const values = Array.from({ length: 100 }, () => random());
    for (const value of values) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      expect(Number.isInteger(value * 256)).toBe(true);
    }
    // 100 draws from an 8-byte pool: refilled many times, not one repeated pool.
    expect(new Set(values).size).toBeGreaterThan(8);
  });
});
