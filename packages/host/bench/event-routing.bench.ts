/**
 * Event routing benchmarks (host core, part 5).
 *
 * 1. `event-routing`: SubscriptionIndex.match per event with 10,000
 *    subscriptions (subject) vs 10 (baseline), same mix: exact
 *    `location:room<i>` (60 %), `character:<i>:*` prefixes (40 %), two `*`
 *    (one with a type filter) and one `scene:*:ic`. Both route the same 4,096
 *    events (ids from the 10k corpus's id space), so only the index size
 *    differs. Goal: ratio ≤ 1.5 and ≥ 1M decisions/s. Run twice: events
 *    Zipf-skewed over ids (`event-routing`, the realistic case: a few busy
 *    rooms) and uniform (`event-routing-uniform`, every lookup a likely cache
 *    miss in the 10k tables; reported, same goal).
 * 2. `event-delivery-e2e`: publish → the subscriber's trivial async deliver
 *    has resolved (observed through the bus's `delivered` metric hook), vs
 *    calling that function directly.
 */
import { create } from "@bufbuild/protobuf";
import { runBenchmark, writeResult } from "@holomush/bench-kit";
import { ActorKind, type Event, EventSchema } from "@holomush/proto";
import pino from "pino";
import { createEventBus } from "../src/events/event-bus.js";
import { createSubscriptionIndex, type SubscriptionIndex } from "../src/events/subscription-index.js";
import type { EventStore } from "../src/storage/event-store.js";

const TYPES = ["say", "pose", "arrive", "leave"] as const;
const QUERY_COUNT = 4096;
const LOCATION_IDS = 6000;
const CHARACTER_IDS = 4000;
const SCENE_IDS = 1000;

type Query = { stream: string; type: string };
/** Picks an id in [0, limit) from a uniform number in [0, 1). */
type IdPicker = (limit: number, uniform: number) => number;

const uniformIds: IdPicker = (limit, uniform) => Math.floor(uniform * limit);

/** Zipf (s = 1) over ids: id k has weight 1 / (k + 1), so a few rooms are busy. */
function zipfIds(): IdPicker {
  const tables = new Map<number, Float64Array>();
  return (limit, uniform) => {
    let cdf = tables.get(limit);
    if (cdf === undefined) {
      cdf = new Float64Array(limit);
      let total = 0;
      for (let k = 0; k < limit; k++) cdf[k] = total += 1 / (k + 1);
      for (let k = 0; k < limit; k++) cdf[k] = (cdf[k] as number) / total;
      tables.set(limit, cdf);
    }
    let low = 0;
    let high = limit - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((cdf[mid] as number) < uniform) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

/** The same deterministic 4,096 events for both index sizes. */
function buildQueries(pickId: IdPicker): Query[] {
  let seed = 12345;
  const uniform = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
  const queries: Query[] = [];
  for (let q = 0; q < QUERY_COUNT; q++) {
    const type = TYPES[Math.floor(uniform() * TYPES.length)] as string;
    const roll = uniform();
    const stream =
      roll < 0.6
        ? `location:room${pickId(LOCATION_IDS, uniform())}`
        : roll < 0.9
          ? `character:${pickId(CHARACTER_IDS, uniform())}:${uniform() < 0.5 ? "whisper" : "page"}`
          : `scene:${pickId(SCENE_IDS, uniform())}:ic`;
    queries.push({ stream, type });
  }
  return queries;
}

/** A deterministic index of `size` subscriptions in the documented mix. */
function buildIndex(size: number): SubscriptionIndex<number> {
  const index = createSubscriptionIndex<number>();
  let value = 0;
  index.add("*", [], value++);
  index.add("*", ["say"], value++);
  index.add("scene:*:ic", [], value++);
  const rest = size - 3;
  const locations = Math.ceil(rest * 0.6);
  const characters = rest - locations;
  for (let i = 0; i < locations; i++) index.add(`location:room${i}`, i % 4 === 0 ? ["say", "pose"] : [], value++);
  for (let i = 0; i < characters; i++) index.add(`character:${i}:*`, [], value++);
  return index;
}

async function routing(name: string, queries: Query[], workload: string): Promise<void> {
  const large = buildIndex(10_000);
  const small = buildIndex(10);
  let sink = 0;
  const caseFor = (index: SubscriptionIndex<number>) => {
    let at = 0;
    return () => {
      const query = queries[at] as Query;
      at = (at + 1) % QUERY_COUNT;
      sink += index.match(query.stream, query.type).length;
    };
  };
  const result = await runBenchmark({
    name,
    unit: "ns",
    subject: { name: "match with 10,000 subscriptions", fn: caseFor(large), batch: 1000 },
    baseline: { name: "match with 10 subscriptions", fn: caseFor(small), batch: 1000 },
    goal: {
      description: "ratio (10k / 10) ≤ 1.5 and ≥ 1,000,000 routing decisions/s with 10k subscriptions",
      met: (measured) => (measured.ratio ?? Number.POSITIVE_INFINITY) <= 1.5 && 1e9 / measured.median >= 1_000_000,
    },
    extra: { workload, subscriptions: { subject: 10_000, baseline: 10 } },
  });
  if (sink === 0) throw new Error("no subscription matched");
  // Throughput at 10k: the inverse of the per-decision times above.
  writeResult({
    name: `${name}-throughput`,
    unit: "decisions/s",
    median: 1e9 / result.median,
    p99: 1e9 / result.p99,
    samples: result.samples,
    goal: "≥ 1,000,000 routing decisions/s with 10,000 subscriptions",
    goalMet: 1e9 / result.median >= 1_000_000,
  });
}

/** A store that keeps only a bounded tail, enough for the bus to append to. */
function benchStore(): EventStore {
  let events: Event[] = [];
  return {
    append: async (event) => {
      events.push(event);
      if (events.length > 10_000) events = [];
    },
    query: async () => ({ entries: [], nextCursor: "" }),
  };
}

async function endToEnd(): Promise<void> {
  let seen = 0;
  const trivial = async (event: Event) => {
    seen += event.payload.length;
    return undefined;
  };
  let delivered: (() => void) | undefined;
  const bus = createEventBus({
    store: benchStore(),
    logger: pino({ level: "silent" }),
    metrics: {
      delivered: () => delivered?.(),
      failed: () => undefined,
      timedOut: () => undefined,
      dropped: () => undefined,
    },
  });
  bus.addSubscriber({
    name: "trivial",
    priority: 50,
    loadOrder: 0,
    subscriptions: [{ stream: "location:*", types: [], intercept: false }],
    emits: [],
    delivery: { queueSize: 256, overflow: "drop", timeoutMs: 5000 },
    deliver: (event) => trivial(event),
  });
  const input = {
    stream: "location:room1",
    type: "say",
    payload: '{"text":"hello"}',
    actorKind: ActorKind.CHARACTER,
    actorId: "char-1",
  };
  const direct = create(EventSchema, { ...input, id: "01J00000000000000000000000", timestamp: 1n });
  await runBenchmark({
    name: "event-delivery-e2e",
    unit: "µs",
    subject: {
      name: "bus: publish → delivered",
      fn: async () => {
        const done = new Promise<void>((resolve) => {
          delivered = resolve;
        });
        await bus.publish(input);
        await done;
      },
      batch: 100,
    },
    baseline: { name: "direct call of deliver", fn: () => trivial(direct), batch: 100 },
  });
  await bus.close();
  if (seen === 0) throw new Error("nothing was delivered");
}

export async function run(): Promise<void> {
  await routing(
    "event-routing",
    buildQueries(zipfIds()),
    "events over the 10k corpus's ids, Zipf-skewed (s = 1): a few busy rooms and characters",
  );
  await routing(
    "event-routing-uniform",
    buildQueries(uniformIds),
    "events spread uniformly over 6,000 rooms / 4,000 characters (cache worst case)",
  );
  await endToEnd();
}
