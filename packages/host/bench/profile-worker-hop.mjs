/**
 * Not a benchmark (run.ts only picks *.bench.ts): one main → worker → main
 * hop of a JobsMessage-sized payload three ways — postMessage of the job
 * object, postMessage of a string, and a SharedArrayBuffer with
 * Atomics.notify/Atomics.waitAsync both ways (no spinning) — for
 * docs/benchmarks.md, "One WASM event's latency":
 *
 *   cd packages/host && node bench/profile-worker-hop.mjs 20000
 */
import { Worker } from "node:worker_threads";

const N = Number(process.argv[2] ?? 20000);
const workerSrc = `
const { parentPort, workerData } = require("node:worker_threads");
const flags = new Int32Array(workerData.sab, 0, 4);
const bytes = new Uint8Array(workerData.sab, 64);
const enc = new TextEncoder(), dec = new TextDecoder();
parentPort.on("message", (m) => {
  if (m.type === "jobs") parentPort.postMessage({ type: "results", results: [m.groups[0][0].input] });
  else if (m.type === "str") parentPort.postMessage(m.text);
  else if (m.type === "sab") loop();
});
async function loop() {
  let seen = Atomics.load(flags, 0);
  for (;;) {
    const w = Atomics.waitAsync(flags, 0, seen);
    if (w.async) await w.value;
    seen = Atomics.load(flags, 0);
    if (seen < 0) return;
    const len = Atomics.load(flags, 2);
    const text = dec.decode(bytes.slice(0, len));
    const out = enc.encodeInto(text, bytes);
    Atomics.store(flags, 2, out.written);
    Atomics.add(flags, 1, 1);
    Atomics.notify(flags, 1);
  }
}`;
const sab = new SharedArrayBuffer(64 + 65536);
const flags = new Int32Array(sab, 0, 4);
const bytes = new Uint8Array(sab, 64);
const w = new Worker(workerSrc, { eval: true, workerData: { sab } });
const input = JSON.stringify({
  id: "01JABCDEFGHJKMNPQRSTVWXYZ0",
  stream: "location:square",
  type: "say",
  payload: JSON.stringify({ message: "message number 0" }),
});
const enc = new TextEncoder(),
  dec = new TextDecoder();
function once(msg) {
  return new Promise((r) => {
    w.once("message", r);
    w.postMessage(msg);
  });
}
async function timeIt(name, fn) {
  for (let i = 0; i < 2000; i++) await fn(i);
  const t = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const s = performance.now();
    await fn(i);
    t[i] = performance.now() - s;
  }
  t.sort();
  console.log(`${name}: p50 ${(t[N >> 1] * 1000).toFixed(1)} µs, p90 ${(t[Math.floor(N * 0.9)] * 1000).toFixed(1)} µs`);
}
for (let round = 0; round < 1; round++) {
  await timeIt("postMessage object (JobsMessage shape)", (i) =>
    once({ type: "jobs", groups: [[{ kind: "call", seq: i, instanceId: 1, fn: "handle_event", input }]] }),
  );
  await timeIt("postMessage string", () => once({ type: "str", text: input }));
  w.postMessage({ type: "sab" });
  await new Promise((r) => setTimeout(r, 50));
  let expected = Atomics.load(flags, 1);
  let counter = Atomics.load(flags, 0);
  await timeIt("SAB + Atomics.notify/waitAsync both ways", async () => {
    const { written } = enc.encodeInto(input, bytes);
    Atomics.store(flags, 2, written);
    Atomics.store(flags, 0, ++counter);
    Atomics.notify(flags, 0);
    const r = Atomics.waitAsync(flags, 1, expected);
    if (r.async) await r.value;
    expected = Atomics.load(flags, 1);
    dec.decode(bytes.slice(0, Atomics.load(flags, 2)));
  });
  Atomics.store(flags, 0, -1);
  Atomics.notify(flags, 0);
  await new Promise((r) => setTimeout(r, 50));
}
await w.terminate();
