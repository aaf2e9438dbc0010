import { describe, expect, it } from "vitest";
import { bucketDelta, histogramQuantile } from "./latency-quantile.js";

const buckets = (counts: number[], bounds = [0.001, 0.01, 0.1, Number.POSITIVE_INFINITY]) =>
  bounds.map((le, index) => ({ le, count: counts[index] ?? 0 }));

describe("histogramQuantile", () => {
  it("interpolates inside the bucket holding the rank, like Prometheus", () => {
    // 10 observations ≤ 1 ms, 10 more in (1 ms, 10 ms].
    expect(histogramQuantile(0.5, buckets([10, 20, 20, 20]))).toBeCloseTo(0.001);
    expect(histogramQuantile(0.75, buckets([10, 20, 20, 20]))).toBeCloseTo(0.0055);
    expect(histogramQuantile(0.25, buckets([10, 20, 20, 20]))).toBeCloseTo(0.0005);
  });

  it("answers the lower bound of the open top bucket, and nothing without observations", () => {
    expect(histogramQuantile(0.99, buckets([0, 0, 1, 10]))).toBe(0.1);
    expect(histogramQuantile(0.5, buckets([0, 0, 0, 0]))).toBeUndefined();
  });

  it("windows by subtracting an earlier snapshot", () => {
    const earlier = buckets([100, 100, 100, 100]);
    const later = buckets([100, 110, 110, 110]);
    expect(bucketDelta(later, earlier).map((bucket) => bucket.count)).toEqual([0, 10, 10, 10]);
    expect(histogramQuantile(0.5, bucketDelta(later, earlier))).toBeCloseTo(0.0055);
  });
});
