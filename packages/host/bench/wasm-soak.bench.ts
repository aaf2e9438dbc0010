/**
 * 100,000 events through one echo-bot instance: proves nothing degrades
 * (no Extism block leak, stable per-event time, bounded RSS). Records the
 * time and RSS of each 10k chunk.
 */
import { writeResult } from "@holomush/bench-kit";
import { createWasmRuntime } from "../src/runtimes/wasm/wasm-runtime.js";
import { delivery, echoContext, events } from "./wasm-bench-support.js";

const TOTAL = 100_000;
const CHUNK = 10_000;
const IN_FLIGHT = 100;

export async function run(): Promise<void> {
  const runtime = createWasmRuntime({ workers: 1 });
  const instance = await runtime.load(echoContext());
  const chunks: Array<{ usPerEvent: number; rssMB: number }> = [];
  let failures = 0;
  try {
    for (let done = 0; done < TOTAL; done += CHUNK) {
      const start = performance.now();
      for (let sent = 0; sent < CHUNK; sent += IN_FLIGHT) {
        const outcomes = await Promise.allSettled(events.map((event) => instance.handleEvent(event, delivery())));
        failures += outcomes.filter((outcome) => outcome.status === "rejected" || !outcome.value?.events).length;
      }
      chunks.push({
        usPerEvent: ((performance.now() - start) * 1000) / CHUNK,
        rssMB: Math.round(process.memoryUsage().rss / 1024 / 1024),
      });
    }
  } finally {
    await runtime.close();
  }
  const times = chunks.map((chunk) => chunk.usPerEvent);
  const rss = chunks.map((chunk) => chunk.rssMB);
  const sorted = [...times].sort((a, b) => a - b);
  const firstHalf = times.slice(1, 5).reduce((a, b) => a + b, 0) / 4;
  const lastHalf = times.slice(6).reduce((a, b) => a + b, 0) / 4;
  writeResult({
    name: "wasm-soak",
    unit: "µs/event",
    median: sorted[Math.floor(sorted.length / 2)] ?? 0,
    p99: sorted[sorted.length - 1] ?? 0,
    samples: chunks.length,
    events: TOTAL,
    failures,
    chunks,
    goal: "100k events: no failures, last chunks ≤ 1.5× earlier chunks, RSS growth ≤ 64 MB",
    goalMet: failures === 0 && lastHalf <= firstHalf * 1.5 && Math.max(...rss) - (rss[0] ?? 0) <= 64,
  });
}
