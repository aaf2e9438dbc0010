/** Median, p99 and count of a sample set (values in any one unit). */
export function summarize(samples: readonly number[]): { median: number; p99: number; samples: number } {
  if (samples.length === 0) throw new Error("summarize: no samples");
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => {
    const index = (sorted.length - 1) * q;
    const low = Math.floor(index);
    const high = Math.ceil(index);
    const lowValue = sorted[low] ?? 0;
    const highValue = sorted[high] ?? lowValue;
    return lowValue + (highValue - lowValue) * (index - low);
  };
  return { median: at(0.5), p99: at(0.99), samples: sorted.length };
}
