/**
 * Issue 13's load case: 10 console clients saying as fast as the host lets
 * them for HOLOMUSH_LOAD_SECONDS (default 30) against a real host process
 * with the examples loaded, once with echo-bot's queue on `block` and once on
 * `drop`. Goal: no say lost, echoes lost = echo-bot's drops in /metrics (0
 * under block), host RSS growth after warm-up < 10 %.
 */
import { writeResult } from "@holomush/bench-kit";
import { runConsoleLoad } from "../src/console/console-load.test-support.js";

export async function run(): Promise<void> {
  const durationMs = Number(process.env.HOLOMUSH_LOAD_SECONDS ?? 30) * 1000;
  for (const overflow of ["block", "drop"] as const) {
    const result = await runConsoleLoad({ durationMs, overflow });
    console.log(result.summary);
    const perClient = result.clients.map((client) => client.sent / result.durationS).sort((a, b) => a - b);
    const exact = result.echoesLost.every((lost) => lost === result.echoBotDrops);
    writeResult({
      name: `console-load-${overflow}`,
      unit: "says/s per client",
      median: perClient[Math.floor(perClient.length / 2)] ?? 0,
      p99: perClient[perClient.length - 1] ?? 0,
      samples: perClient.length,
      ...result,
      goal: `no say lost; echoes lost = echo-bot drops${overflow === "block" ? " = 0" : ""}; RSS growth after warm-up < 10 %`,
      goalMet:
        result.saysLost === 0 &&
        exact &&
        (overflow === "drop" || result.echoBotDrops === 0) &&
        result.rssGrowthPercent < 10,
    });
  }
}
