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
  /**
   * Runs after each phase of this case (warm-up, measured run) in every
   * round, untimed: whatever the case leaves running (a stream still in
   * flight) must finish before the other case is measured.
   */
  settle?: () => Promise<void>;
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
  /**
   * With a baseline: split the budget into this many rounds that alternate
   * the two cases (subject first, then baseline first, …) and pool their
   * samples (default 1). A machine that slows down for a while then slows
   * both sides, not just whichever ran at that moment — the ratio is the
   * figure that matters, so keep it robust.
   */
  rounds?: number;
  /** Reporting unit (default "µs"). */
  unit?: "ns" | "µs" | "ms";
  goal?: { description: string; met: (result: BenchmarkResult) => boolean };
  extra?: Record<string, unknown>;
}

const scale = { ns: 1e6, µs: 1e3, ms: 1 } as const;

/** Runs subject and baseline in one process, one after the other, and writes the result. */
export async function runBenchmark(spec: BenchmarkSpec): Promise<BenchmarkResult> {
  const unit = spec.unit ?? "µs";
  const cases = spec.baseline ? [spec.subject, spec.baseline] : [spec.subject];
  const rounds = cases.length > 1 ? Math.max(1, Math.floor(spec.rounds ?? 1)) : 1;
  const pooled = cases.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({
      time: (spec.time ?? 1500) / rounds,
      iterations: Math.ceil((spec.iterations ?? 200) / rounds),
      warmupTime: round === 0 ? 200 : 50,
      retainSamples: true,
    });
    for (const item of roundOrder(cases, round)) {
      const settle = item.settle;
      bench.add(item.name, batched(bench, item), settle ? { afterAll: () => settle() } : {});
    }
    await bench.run();
    cases.forEach((item, index) => {
      const result = bench.getTask(item.name)?.result;
      if (result?.state !== "completed") {
        throw new Error(`benchmark ${spec.name}/${item.name} did not complete: ${describe(result)}`);
      }
      for (const ms of result.latency.samples ?? []) pooled[index]?.push(ms * scale[unit]);
    });
  }
  const stats = pooled.map((samples) => summarize(samples));
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
    ...(rounds > 1 ? { rounds } : {}),
    ...spec.extra,
  };
  if (spec.goal) {
    result.goal = spec.goal.description;
    result.goalMet = spec.goal.met(result);
  }
  writeResult(result);
  return result;
}

/** Odd rounds run the baseline first, so neither side always follows the other. */
export function roundOrder<T>(cases: readonly T[], round: number): T[] {
  return round % 2 === 0 ? [...cases] : [...cases].reverse();
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
