/**
 * The load case, bounded for CI (HOLOMUSH_LOAD_MS, default 4 s per policy;
 * the 30 s figures come from `npx tsx bench/run.ts console-load`): 10
 * clients against a real host with the examples, under echo-bot `block` and
 * `drop`.
 */
import { describe, expect, it } from "vitest";
import { runConsoleLoad } from "./console-load.test-support.js";

const durationMs = Number(process.env.HOLOMUSH_LOAD_MS ?? 4000);

describe("10 console clients saying as fast as the host lets them (real host, examples loaded)", () => {
  it("loses nothing under block: every client hears every say and every echo", async () => {
    const result = await runConsoleLoad({ durationMs, overflow: "block" });
    console.log(result.summary);
    expect(result.totalSent).toBeGreaterThan(0);
    expect(result.saysLost).toBe(0);
    expect(result.echoBotDrops).toBe(0);
    expect(result.echoesLost.every((lost) => lost === 0)).toBe(true);
  }, 240_000);

  it("under drop, the echoes a client misses are exactly echo-bot's drops in /metrics", async () => {
    const result = await runConsoleLoad({ durationMs, overflow: "drop" });
    console.log(result.summary);
    expect(result.saysLost).toBe(0);
    expect(result.echoesLost.every((lost) => lost === result.echoBotDrops)).toBe(true);
  }, 240_000);
});
