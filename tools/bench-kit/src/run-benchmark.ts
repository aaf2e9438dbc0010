import { Bench } from "tinybench";
import { type BenchmarkResult, writeResult } from "./result.js";
import { summarize } from "./summarize.js";

export interface BenchCase {
  name: string;
  /** One operation. May be async. */
  fn: () => unknown;
  /**
   * Operations per sample. Sub-microsecond operations need batching: one
   * sample then records the mean of `batch` calls (default 1).
   */
  batch?: number;
}

export interface BenchmarkSpec {
  /** Result file name: bench/results/<name>.json. */
  name: string;
  subject: BenchCase;
  /** The floor or peer measured in the same run; yields `ratio`. */
  baseline?: BenchCase;
  /** Time budget per case in ms (default 1500). */
  time?: number;
  /** Minimum samples per case (default 200). */
  iterations?: number;
  /** Reporting unit (default "µs"). */
  unit?: "ns" | "µs" | "ms";
  goal?: { description: string; met: (result: BenchmarkResult) => boolean };
  extra?: Record<string, unknown>;
}

const scale = { ns: 1e6, µs: 1e3, ms: 1 } as const;

/** Runs subject and baseline in one process, one after the other, and writes the result. */
export async function runBenchmark(spec: BenchmarkSpec): Promise<BenchmarkResult> {
  const unit = spec.unit ?? "µs";
  const bench = new Bench({
    time: spec.time ?? 1500,
    iterations: spec.iterations ?? 200,
    warmupTime: 200,
    retainSamples: true,
  });
  const cases = spec.baseline ? [spec.subject, spec.baseline] : [spec.subject];
  for (const item of cases) bench.add(item.name, batched(bench, item));
  await bench.run();
  const stats = cases.map((item) => {
    const task = bench.getTask(item.name);
    const result = task?.result;
    if (result?.state !== "completed") {
      throw new Error(`benchmark ${spec.name}/${item.name} did not complete: ${describe(result)}`);
    }
    const samples = (result.latency.samples ?? []).map((ms) => ms * scale[unit]);
    return summarize(samples);
  });
  const [ours, floor] = stats;
  if (!ours) throw new Error(`benchmark ${spec.name}: no result`);
  const result: BenchmarkResult = {
    name: spec.name,
    unit: `${unit}/op`,
    subject: spec.subject.name,
    ...ours,
    ...(floor && spec.baseline
      ? {
          baseline: spec.baseline.name,
          baselineMedian: floor.median,
          baselineP99: floor.p99,
          ratio: ours.median / floor.median,
        }
      : {}),
    ...spec.extra,
  };
  if (spec.goal) {
    result.goal = spec.goal.description;
    result.goalMet = spec.goal.met(result);
  }
  writeResult(result);
  return result;
}

function batched(bench: Bench, item: BenchCase) {
  const batch = item.batch ?? 1;
  if (batch === 1) return item.fn;
  return async () => {
    const start = bench.now();
    for (let i = 0; i < batch; i++) {
      const value = item.fn();
      if (value instanceof Promise) await value;
    }
    const elapsed = bench.now() - start;
    return { overriddenDuration: elapsed / batch, overriddenIterationCost: elapsed };
  };
}

function describe(result: unknown): string {
  if (result && typeof result === "object" && "error" in result) return String(result.error);
  return JSON.stringify(result);
}
