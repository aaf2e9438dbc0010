/**
 * Not a benchmark (run.ts only picks *.bench.ts): the loop of
 * `event-delivery-inproc` without tinybench, for a CPU profile of where
 * host.publish → an in-process handleEvent spends its time
 * (docs/benchmarks.md, "In-process delivery: where the time goes"):
 *
 *   cd packages/host && node --cpu-prof --cpu-prof-dir=/tmp/inproc-prof --import tsx bench/profile-inproc.ts 100000
 */
import { ActorKind, type Event } from "@holomush/proto";
import { pino } from "pino";
import { createHost } from "../src/host/create-host.js";

const events = Number(process.argv[2] ?? 100_000);
const host = await createHost({ logger: pino({ level: "silent" }) });
let wake: (() => void) | undefined;
await host.registerPlugin(
  { name: "sink", version: "1.0.0", events: [{ stream: "location:*", types: ["say"] }] },
  {
    handleEvent(_event: Event) {
      wake?.();
    },
  },
);
await host.start();
const input = {
  stream: "location:square",
  type: "say",
  payload: '{"message":"hello"}',
  actorKind: ActorKind.CHARACTER,
  actorId: "c1",
};
for (let round = 0; round < 3; round++) {
  const started = performance.now();
  for (let i = 0; i < events; i++) {
    const done = new Promise<void>((resolve) => {
      wake = resolve;
    });
    await host.publish(input);
    await done;
  }
  console.log(`round ${round}: ${(((performance.now() - started) * 1000) / events).toFixed(2)} µs/event`);
}
await host.stop();
