import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { roundOrder, runBenchmark } from "./run-benchmark.js";

describe("runBenchmark with rounds", () => {
  let cwd: string;
  let dir: string;
  beforeEach(() => {
    // Results go to <root>/bench/results; outside a workspace, under the cwd.
    cwd = process.cwd();
    dir = mkdtempSync(join(tmpdir(), "bench-kit-"));
    process.chdir(dir);
  });
  afterEach(() => {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });

  it("swaps which side runs first every round", () => {
    expect([0, 1, 2, 3].map((round) => roundOrder(["subject", "baseline"], round)[0])).toEqual([
      "subject",
      "baseline",
      "subject",
      "baseline",
    ]);
  });

  it("runs both sides in every round and pools their samples", async () => {
    const calls = { subject: 0, baseline: 0 };
    let settled = 0;
    const slow = (side: keyof typeof calls) => async () => {
      calls[side]++;
      await new Promise((resolve) => setTimeout(resolve, 1));
    };
    const result = await runBenchmark({
      name: "rounds-test",
      subject: {
        name: "subject",
        fn: slow("subject"),
        settle: async () => {
          settled++;
        },
      },
      baseline: { name: "baseline", fn: slow("baseline") },
      time: 40,
      iterations: 8,
      rounds: 4,
    });
    expect(result.rounds).toBe(4);
    // Two samples a round at least, from four rounds, on each side.
    expect(result.samples).toBeGreaterThanOrEqual(8);
    expect(calls.baseline).toBeGreaterThanOrEqual(8);
    expect(result.ratio).toBeGreaterThan(0);
    // After the warm-up and after the measured run, in each of the four rounds.
    expect(settled).toBe(8);
  });
});
