import { describe, expect, it } from "vitest";
import { summarize } from "./summarize.js";

describe("summarize", () => {
  it("interpolates the median and p99 of unsorted samples", () => {
    const samples = Array.from({ length: 101 }, (_, i) => 100 - i);
    expect(summarize(samples)).toEqual({ median: 50, p99: 99, samples: 101 });
  });
  it("refuses an empty sample set", () => {
    expect(() => summarize([])).toThrow(/no samples/);
  });
});
