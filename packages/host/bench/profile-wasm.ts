/**
 * Not a benchmark (run.ts only picks *.bench.ts): the loop of
 * `wasm-host-path-latency` without tinybench — one say published, its
 * echo-bot echo awaited, one at a time — for a CPU profile of the host path
 * around the WASM worker (docs/benchmarks.md, "One WASM event's latency"):
 *
 *   cd packages/host && node --cpu-prof --cpu-prof-dir=/tmp/wasm-prof --import tsx bench/profile-wasm.ts 20000
 */
import { ActorKind } from "@holomush/proto";
import { startEchoBotHost } from "./wasm-bench-support.js";

const events = Number(process.argv[2] ?? 20_000);
const { host, close } = await startEchoBotHost();
try {
  let wake: (() => void) | undefined;
  host.bus.watch("location:*", (event) => {
    if (event.actorKind === ActorKind.PLUGIN && event.actorId === "echo-bot") wake?.();
  });
  const input = {
    stream: "location:square",
    type: "say",
    payload: JSON.stringify({ message: "message number 0" }),
    actorKind: ActorKind.CHARACTER,
    actorId: "char-1",
  };
  for (let round = 0; round < 3; round++) {
    const latencies = new Float64Array(events);
    for (let i = 0; i < events; i++) {
      const started = performance.now();
      const echoed = new Promise<void>((resolve) => {
        wake = resolve;
      });
      await host.publish(input);
      await echoed;
      latencies[i] = performance.now() - started;
    }
    latencies.sort();
    const p50 = (latencies[Math.floor(events / 2)] ?? 0) * 1000;
    console.log(`round ${round}: p50 ${p50.toFixed(1)} µs/event`);
  }
} finally {
  await close();
}
