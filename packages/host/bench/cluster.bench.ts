/**
 * Cluster mode (docs/scale-out.md), measured on one machine with a real
 * nats-server (JetStream, file storage) started for the run:
 *
 * 1. `cluster-latency`: one host, publish → its subscriber's deliver ran,
 *    one event at a time: the bus through JetStream (publish, ack, the
 *    host's ordered consumer, ingest) vs the in-memory bus (the single-host
 *    path, which the cluster option leaves untouched).
 * 2. `cluster-throughput`: 5,000 events published back to back (acks
 *    overlapping), until every host's subscriber has them all: 1 host vs 3
 *    hosts on the same NATS (each host a bus with its own NATS connection
 *    and consumer, in this process). Reports events/s (saturated) and the
 *    p50/p99 publish → deliver per event and host, both saturated (which is
 *    mostly time spent queued) and at an offered 1,000 events/s.
 */
import { runBenchmark, writeResult } from "@holomush/bench-kit";
import { ActorKind, type Event } from "@holomush/proto";
import { findNatsServer, startNats } from "@holomush/test-services";
import { pino } from "pino";
import { createJetStreamTransport } from "../src/cluster/event-transport.js";
import { connectCluster, type NatsCluster } from "../src/cluster/nats-connection.js";
import { type NodeConsumer, startNodeConsumer } from "../src/cluster/node-consumer.js";
import type { EventBus } from "../src/events/bus-types.js";
import { createEventBus } from "../src/events/event-bus.js";
import type { EventStore } from "../src/storage/event-store.js";

const logger = pino({ level: "silent" });
const THROUGHPUT_EVENTS = 5_000;
const OFFERED_RATE = 1_000;

function benchStore(): EventStore {
  return { append: async () => undefined, query: async () => ({ entries: [], nextCursor: "" }) };
}

interface BenchHost {
  bus: EventBus;
  onDeliver(listener: (event: Event) => void): void;
  close(): Promise<void>;
}

function busWithSink(cluster?: NatsCluster): { bus: EventBus; onDeliver(listener: (event: Event) => void): void } {
  let listener: (event: Event) => void = () => undefined;
  const bus = createEventBus({
    store: benchStore(),
    logger,
    ...(cluster ? { transport: createJetStreamTransport(cluster, logger) } : {}),
  });
  bus.addSubscriber({
    name: "sink",
    priority: 50,
    loadOrder: 0,
    subscriptions: [{ stream: "location:*", types: [], intercept: false }],
    emits: [],
    delivery: { queueSize: 10_000, overflow: "block", timeoutMs: 5000 },
    deliver: async (event) => {
      listener(event);
      return undefined;
    },
  });
  return {
    bus,
    onDeliver(next) {
      listener = next;
    },
  };
}

async function clusterHost(natsUrl: string, nodeId: string): Promise<BenchHost> {
  const cluster = await connectCluster({ natsUrl, nodeId }, logger);
  const { bus, onDeliver } = busWithSink(cluster);
  const consumer: NodeConsumer = await startNodeConsumer(cluster, bus, logger);
  return {
    bus,
    onDeliver,
    async close() {
      await bus.close({ drain: false });
      await consumer.stop();
      await cluster.nc.close();
    },
  };
}

function memoryHost(): BenchHost {
  const { bus, onDeliver } = busWithSink();
  return { bus, onDeliver, close: () => bus.close({ drain: false }) };
}

const input = (i: number) => ({
  stream: "location:room1",
  type: "say",
  payload: `{"n":${i}}`,
  actorKind: ActorKind.CHARACTER,
  actorId: "char-1",
});

function oneAtATime(host: BenchHost): () => Promise<void> {
  let n = 0;
  return async () => {
    const delivered = new Promise<void>((resolve) => host.onDeliver(() => resolve()));
    await host.bus.publish(input(n++));
    await delivered;
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * Publishes `count` events from the first host — all at once (`ratePerSecond`
 * 0: the saturated rate), or paced at an offered rate (latency without a
 * backlog) — and resolves when every host delivered all of them.
 */
async function flood(hosts: BenchHost[], count: number, offset: number, ratePerSecond = 0) {
  const sentAt = new Float64Array(count);
  const latencies: number[] = [];
  let remaining = count * hosts.length;
  const all = new Promise<void>((resolve) => {
    for (const host of hosts) {
      host.onDeliver((event) => {
        const n = (JSON.parse(event.payload) as { n: number }).n - offset;
        latencies.push(performance.now() - (sentAt[n] as number));
        if (--remaining === 0) resolve();
      });
    }
  });
  const started = performance.now();
  const publisher = hosts[0] as BenchHost;
  const publishes: Array<Promise<unknown>> = [];
  const perTick = ratePerSecond > 0 ? Math.max(1, Math.round(ratePerSecond / 100)) : count;
  for (let i = 0; i < count; i++) {
    if (i > 0 && i % perTick === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    sentAt[i] = performance.now();
    publishes.push(publisher.bus.publish(input(offset + i)));
  }
  await Promise.all(publishes);
  await all;
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    eventsPerSecond: Math.round(count / seconds),
    p50Ms: Number(percentile(latencies, 50).toFixed(2)),
    p99Ms: Number(percentile(latencies, 99).toFixed(2)),
  };
}

export async function run(): Promise<void> {
  if (!findNatsServer()) {
    console.log("cluster benchmarks skipped: no nats-server on PATH (Debian: apt-get install nats-server)");
    return;
  }
  const nats = await startNats();
  try {
    const clustered = await clusterHost(nats.url, "bench-1");
    const memory = memoryHost();
    await runBenchmark({
      name: "cluster-latency",
      unit: "µs",
      subject: { name: "one host, cluster bus (JetStream): publish → delivered", fn: oneAtATime(clustered) },
      baseline: { name: "one host, in-memory bus: publish → delivered", fn: oneAtATime(memory) },
      rounds: 4,
      time: 3000,
    });
    await memory.close();

    await flood([clustered], 500, 1_000_000); // warm-up
    const one = await flood([clustered], THROUGHPUT_EVENTS, 2_000_000);
    const others = [await clusterHost(nats.url, "bench-2"), await clusterHost(nats.url, "bench-3")];
    const three = await flood([clustered, ...others], THROUGHPUT_EVENTS, 3_000_000);
    // Latency without a backlog: the same offered load (1,000 events/s for 2 s) on 1 and 3 hosts.
    const threePaced = await flood([clustered, ...others], 2_000, 5_000_000, OFFERED_RATE);
    const onePaced = await flood([clustered], 2_000, 6_000_000, OFFERED_RATE);
    const inMemory = memoryHost();
    const memoryFlood = await flood([inMemory], THROUGHPUT_EVENTS, 4_000_000);
    const memoryPaced = await flood([inMemory], 2_000, 7_000_000, OFFERED_RATE);
    await inMemory.close();
    for (const host of [clustered, ...others]) await host.close();
    const result = {
      name: "cluster-throughput",
      unit: "events/s",
      subject: "3 hosts (every host delivers every event)",
      median: three.eventsPerSecond,
      p99: three.eventsPerSecond,
      samples: 1,
      baseline: "1 host",
      baselineMedian: one.eventsPerSecond,
      baselineP99: one.eventsPerSecond,
      ratio: three.eventsPerSecond / one.eventsPerSecond,
      events: THROUGHPUT_EVENTS,
      saturated: { oneHost: one, threeHosts: three, inMemoryOneHost: memoryFlood },
      atOfferedRate: {
        eventsPerSecond: OFFERED_RATE,
        oneHost: onePaced,
        threeHosts: threePaced,
        inMemoryOneHost: memoryPaced,
      },
    };
    writeResult(result);
    console.log(JSON.stringify({ saturated: result.saturated, atOfferedRate: result.atOfferedRate }));
  } finally {
    await nats.dispose();
  }
}
