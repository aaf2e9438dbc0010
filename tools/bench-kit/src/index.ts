// Internal benchmark kit: paired measurements (ours vs a floor or peer, same
// run) on top of tinybench, written to bench/results/<name>.json.

export { type BenchmarkResult, resultsDir, writeResult } from "./result.js";
export { type BenchCase, type BenchmarkSpec, runBenchmark } from "./run-benchmark.js";
export { summarize } from "./summarize.js";
