import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** The JSON written for every benchmark (docs/benchmarks.md explains the fields). */
export interface BenchmarkResult {
  name: string;
  /** Unit of median and p99 (e.g. "µs/op", "events/s"). */
  unit: string;
  median: number;
  p99: number;
  samples: number;
  /** Name of the paired measurement (floor or peer), measured in the same run. */
  baseline?: string;
  baselineMedian?: number;
  baselineP99?: number;
  /** ours / baseline, on medians. */
  ratio?: number;
  /** The target, in words, and whether this run met it. */
  goal?: string;
  goalMet?: boolean;
  /** Alternating rounds whose samples were pooled (absent: one round each). */
  rounds?: number;
  [extra: string]: unknown;
}

/** bench/results at the workspace root (found by walking up to pnpm-workspace.yaml). */
export function resultsDir(from = process.cwd()): string {
  let dir = from;
  while (!existsSync(join(dir, "pnpm-workspace.yaml"))) {
    const parent = dirname(dir);
    if (parent === dir) return join(from, "bench", "results");
    dir = parent;
  }
  return join(dir, "bench", "results");
}

export function writeResult(result: BenchmarkResult): string {
  const dir = resultsDir();
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${result.name}.json`);
  const full = { ...result, node: process.version, date: new Date().toISOString() };
  writeFileSync(file, `${JSON.stringify(full, null, 2)}\n`);
  const ratio = result.ratio === undefined ? "" : `  ratio ${result.ratio.toFixed(2)} vs ${result.baseline}`;
  const goal = result.goal === undefined ? "" : `  goal: ${result.goal} → ${result.goalMet ? "met" : "NOT met"}`;
  console.log(
    `${result.name}: median ${fmt(result.median)} ${result.unit}, p99 ${fmt(result.p99)} (${result.samples} samples)${ratio}${goal}`,
  );
  return file;
}

function fmt(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toPrecision(3);
}
