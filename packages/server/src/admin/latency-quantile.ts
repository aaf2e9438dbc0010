/**
 * A quantile from cumulative histogram buckets, the way Prometheus's
 * histogram_quantile() does it: find the bucket holding the rank and
 * interpolate linearly inside it. The open top bucket answers its lower bound.
 */
export interface CumulativeBucket {
  /** Upper bound in seconds (Infinity for +Inf). */
  le: number;
  /** Observations ≤ le. */
  count: number;
}

export function histogramQuantile(q: number, buckets: readonly CumulativeBucket[]): number | undefined {
  const total = buckets.at(-1)?.count ?? 0;
  if (total <= 0) return undefined;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const bucket of buckets) {
    if (bucket.count >= rank) {
      if (!Number.isFinite(bucket.le)) return lower;
      const inside = bucket.count - below;
      return inside <= 0 ? bucket.le : lower + (bucket.le - lower) * ((rank - below) / inside);
    }
    lower = bucket.le;
    below = bucket.count;
  }
  return lower;
}

/** Bucket counts of `later` minus `earlier` (same bounds): the observations in between. */
export function bucketDelta(later: readonly CumulativeBucket[], earlier: readonly CumulativeBucket[] | undefined) {
  return later.map((bucket, index) => ({
    le: bucket.le,
    count: Math.max(0, bucket.count - (earlier?.[index]?.count ?? 0)),
  }));
}
