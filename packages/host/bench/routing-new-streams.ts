/**
 * Not a benchmark (run.ts only picks *.bench.ts): the route cache's worst
 * case, every event on a stream never seen before, so each match misses the
 * cache (docs/benchmarks.md, "In-process delivery and routing"). Routes
 * 200,000 distinct streams through the `event-routing` mix of 10,000
 * subscriptions with the cache (the default) and without it
 * (`routeCacheSize: 0`: the index's walk on every event), alternating, and
 * prints ns per match for each round:
 *
 *   cd packages/host && npx tsx bench/routing-new-streams.ts
 */
import { createSubscriptionIndex, type SubscriptionIndex } from "../src/events/subscription-index.js";

const STREAMS = 200_000;
const ROUNDS = 5;

function buildIndex(routeCacheSize: number | undefined): SubscriptionIndex<number> {
  const index = createSubscriptionIndex<number>(routeCacheSize === undefined ? {} : { routeCacheSize });
  let value = 0;
  index.add("*", [], value++);
  index.add("*", ["say"], value++);
  index.add("scene:*:ic", [], value++);
  for (let i = 0; i < 5999; i++) index.add(`location:room${i}`, i % 4 === 0 ? ["say", "pose"] : [], value++);
  for (let i = 0; i < 3998; i++) index.add(`character:${i}:*`, [], value++);
  return index;
}

// Built up front, as an event's decoded stream would be: 60 % rooms, 30 % character streams, 10 % scenes.
const streams = Array.from({ length: STREAMS }, (_, k) =>
  k % 10 < 6 ? `location:room${k}` : k % 10 < 9 ? `character:${k % 4000}:p${k}` : `scene:${k}:ic`,
);
const variants: Array<[string, number | undefined]> = [
  ["cache (default)", undefined],
  ["no cache", 0],
];
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, routeCacheSize] of variants) {
    const index = buildIndex(routeCacheSize);
    let sink = 0;
    const start = process.hrtime.bigint();
    for (let k = 0; k < STREAMS; k++) sink += index.match(streams[k] as string, "say").length;
    const ns = Number(process.hrtime.bigint() - start) / STREAMS;
    console.log(`round ${round} ${name}: ${ns.toFixed(0)} ns/match (${sink} matches)`);
  }
}
