/**
 * The process runtime against the floor it sits on.
 * 1. process-roundtrip: one event to the echo fixture (a TS process plugin on
 *    the SDK) and its outcome back, over the unix socket (HTTP/2 Connect
 *    stream), against a raw Node unix-socket ping-pong of the same frame
 *    bytes with a child process, same run. Goal: p50 ≤ 3× the raw floor.
 * 2. process-throughput: events/s with a window of 256 calls in flight on
 *    one plugin's stream (the runtime allows it; the host core serializes
 *    per plugin, so in a host this is the ceiling for many plugins sharing
 *    the socket), against 8 instances each serialized (1 in flight).
 *    Goal: ≥ 50,000 events/s (the one-stream case).
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create, toBinary } from "@bufbuild/protobuf";
import { runBenchmark } from "@holomush/bench-kit";
import { ConnectResponseSchema } from "@holomush/proto";
import type { PluginInstance } from "../src/plugins/runtime.js";
import {
  callOptions,
  createFixtureRuntime,
  echoManifest,
  emptyConfig,
  fixtureEvent,
} from "../src/runtimes/process/__fixtures__/test-host.js";

const event = fixtureEvent({ seq: 1, text: "Hello there, how are you today?" });
const delivery = () => ({ cancellable: false, deadlineMs: Date.now() + 5000, signal: new AbortController().signal });
const send = (instance: PluginInstance) => instance.handleEvent(event, delivery());

/** Sends `count` events keeping `depth` in flight (a sliding window, not lock-step batches). */
async function pipeline(instance: PluginInstance, count: number, depth: number): Promise<void> {
  let sent = 0;
  const worker = async () => {
    while (sent < count) {
      sent++;
      await send(instance);
    }
  };
  await Promise.all(Array.from({ length: depth }, worker));
}

/** A child process echoing whatever it reads on a unix socket: the floor. */
async function startRawEcho(frameBytes: number) {
  const dir = mkdtempSync(join(tmpdir(), "holomush-raw-"));
  const path = join(dir, "raw.sock");
  const child = spawn(
    process.execPath,
    [
      "-e",
      `require("net").createServer((s) => s.on("data", (d) => s.write(d))).listen(${JSON.stringify(path)}, () => console.log("up"))`,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await once(child.stdout, "data");
  const socket = net.connect(path);
  socket.setNoDelay(true);
  await once(socket, "connect");
  const frame = Buffer.alloc(frameBytes, 7);
  let waiting: (() => void) | undefined;
  let received = 0;
  socket.on("data", (chunk: Buffer) => {
    received += chunk.length;
    if (received >= frameBytes && waiting) {
      received -= frameBytes;
      const done = waiting;
      waiting = undefined;
      done();
    }
  });
  return {
    ping: () =>
      new Promise<void>((resolve) => {
        waiting = resolve;
        socket.write(frame);
      }),
    close() {
      socket.destroy();
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function run(): Promise<void> {
  const fixture = createFixtureRuntime({ health: { intervalMs: 0 } });
  const instances: PluginInstance[] = [];
  for (let index = 0; index < 8; index++) {
    const { instance } = await fixture.load(echoManifest(`bench-${index}`));
    await instance.init?.(emptyConfig(), callOptions());
    instances.push(instance);
  }
  const [first] = instances;
  if (!first) throw new Error("no plugin loaded");
  const frame = toBinary(
    ConnectResponseSchema,
    create(ConnectResponseSchema, {
      frame: { case: "call", value: { callId: 1n, call: { case: "event", value: { event } } } },
    }),
  );
  const raw = await startRawEcho(frame.length);
  try {
    await runBenchmark({
      name: "process-roundtrip",
      subject: { name: "process runtime: one event to a TS plugin and back", fn: () => send(first) },
      baseline: { name: `raw unix-socket ping-pong of ${frame.length} bytes with a child`, fn: () => raw.ping() },
      iterations: 2000,
      goal: {
        description: "p50 ≤ 3× the raw unix-socket floor",
        met: (result) => (result.ratio ?? Number.POSITIVE_INFINITY) <= 3,
      },
    });
    const perBatch = 800;
    const rate = (microseconds: number) => (perBatch * 1e6) / microseconds;
    const throughput = await runBenchmark({
      name: "process-throughput",
      subject: {
        name: "1 plugin instance, a window of 256 calls in flight on its stream",
        fn: () => pipeline(first, perBatch, 256),
      },
      baseline: {
        name: "8 plugin instances, each serialized (1 in flight), concurrently",
        fn: () => Promise.all(instances.map((instance) => pipeline(instance, perBatch / instances.length, 1))),
      },
      iterations: 30,
      time: 3000,
      goal: {
        description: "≥ 50,000 events/s with calls in flight on one stream",
        met: (result) => rate(result.median) >= 50_000,
      },
      extra: { eventsPerBatch: perBatch, eventsPerSecond: "800e6 / median (µs per batch of 800 events)" },
    });
    console.log(
      `  events/s: one stream x256 in flight ${rate(throughput.median).toFixed(0)}, 8 instances serialized ${rate(throughput.baselineMedian ?? 1).toFixed(0)}`,
    );
  } finally {
    raw.close();
    await fixture.runtime.close();
  }
}
