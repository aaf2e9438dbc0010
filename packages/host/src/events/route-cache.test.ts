import { describe, expect, it } from "vitest";
import { matchStreamPattern } from "./stream-pattern.js";
import { createSubscriptionIndex } from "./subscription-index.js";

/** Small deterministic PRNG (mulberry32) so failures reproduce. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

const NAMESPACES = ["location", "character", "scene", "loc", ""];
const IDS = ["", "1", "12", "a", "room1"];
const SUFFIXES = ["", ":ic", ":ooc", ":x:y"];
const TYPES = ["say", "pose", "arrive", "leave", "page"];

function randomStream(random: () => number): string {
  const namespace = pick(random, NAMESPACES);
  if (random() < 0.1) return namespace;
  return `${namespace}:${pick(random, IDS)}${pick(random, SUFFIXES)}`;
}

/** Exact streams, trailing-`*` prefixes (`:`-ended and not), `*`, mid-`*` patterns and the empty pattern. */
function randomPattern(random: () => number): string {
  const roll = random();
  const stream = randomStream(random);
  if (roll < 0.05) return "*";
  if (roll < 0.08) return "";
  if (roll < 0.45) return stream;
  if (roll < 0.75) return `${stream.slice(0, Math.floor(random() * (stream.length + 1)))}*`;
  const at = Math.floor(random() * (stream.length + 1));
  return `${stream.slice(0, at)}*${stream.slice(at + Math.floor(random() * 3))}`;
}

function randomTypes(random: () => number): string[] {
  const roll = random();
  if (roll < 0.5) return [];
  if (roll < 0.8) return [pick(random, TYPES)];
  return [pick(random, TYPES), pick(random, TYPES), pick(random, TYPES)];
}

describe("the route cache behind SubscriptionIndex.match", () => {
  it("answers exactly as the uncached walk, in order, through subscribes, unsubscribes and evictions", () => {
    for (const [seed, routeCacheSize] of [
      [1, 16_384],
      [2, 16_384],
      [3, 8],
      [4, 1],
    ] as const) {
      const random = prng(seed);
      const cached = createSubscriptionIndex<number>({ routeCacheSize });
      const walked = createSubscriptionIndex<number>({ routeCacheSize: 0 });
      const live: Array<{ pattern: string; types: string[]; id: number; removes: Array<() => void> }> = [];
      let nextId = 0;
      let matched = 0;
      for (let step = 0; step < 3000; step++) {
        const roll = random();
        if (roll < 0.06 || live.length < 20) {
          const pattern = randomPattern(random);
          const types = randomTypes(random);
          const id = nextId++;
          live.push({ pattern, types, id, removes: [cached.add(pattern, types, id), walked.add(pattern, types, id)] });
        } else if (roll < 0.1) {
          const [entry] = live.splice(Math.floor(random() * live.length), 1);
          for (const remove of entry?.removes ?? []) remove();
        } else {
          const stream = randomStream(random);
          const type = pick(random, TYPES);
          const expected = walked.match(stream, type);
          expect(cached.match(stream, type), `seed ${seed} step ${step} ${stream} ${type}`).toEqual(expected);
          // And the walk itself still agrees with the pattern definition (docs/events.md, "Stream patterns").
          const brute = live
            .filter((entry) => matchStreamPattern(entry.pattern, stream))
            .filter((entry) => entry.types.length === 0 || entry.types.includes(type))
            .map((entry) => entry.id);
          expect([...expected].sort((a, b) => a - b)).toEqual(brute);
          matched += expected.length;
        }
      }
      // Real matches, not only misses.
      expect(matched).toBeGreaterThan(1000);
      expect(cached.size).toBe(live.length);
    }
  });

  it("sees a subscription added or removed after the stream's answer was remembered", () => {
    const index = createSubscriptionIndex<string>();
    expect(index.match("location:room1", "say")).toEqual([]);
    const removeExact = index.add("location:room1", [], "exact");
    expect(index.match("location:room1", "say")).toEqual(["exact"]);
    const removePrefix = index.add("location:*", ["say"], "prefix");
    expect(index.match("location:room1", "say")).toEqual(["exact", "prefix"]);
    expect(index.match("location:room1", "pose")).toEqual(["exact"]);
    const removeMiddle = index.add("*:room1", [], "middle");
    expect(index.match("location:room1", "pose")).toEqual(["exact", "middle"]);
    removeExact();
    expect(index.match("location:room1", "say")).toEqual(["middle", "prefix"]);
    removePrefix();
    removeMiddle();
    expect(index.match("location:room1", "say")).toEqual([]);
    // An exact subscription elsewhere leaves this stream's answer alone, and right.
    index.add("location:room2", [], "other");
    expect(index.match("location:room1", "say")).toEqual([]);
    expect(index.match("location:room2", "say")).toEqual(["other"]);
  });

  it("returns frozen lists, so no caller can change what the next event is routed to", () => {
    const index = createSubscriptionIndex<string>();
    index.add("location:*", [], "all-types");
    index.add("scene:*", ["say"], "say-only");
    const unfiltered = index.match("location:room1", "say");
    const filtered = index.match("scene:1", "say");
    const none = index.match("global:chat", "say");
    for (const list of [unfiltered, filtered, none]) {
      expect(Object.isFrozen(list)).toBe(true);
      expect(() => (list as string[]).push("intruder")).toThrow(TypeError);
    }
    expect(index.match("location:room1", "say")).toEqual(["all-types"]);
    expect(index.match("scene:1", "say")).toEqual(["say-only"]);
    expect(index.match("global:chat", "say")).toEqual([]);
  });

  it("stays right for a stream that carries more types than it remembers", () => {
    const index = createSubscriptionIndex<string>();
    const types = Array.from({ length: 40 }, (_, k) => `t${k}`);
    index.add("location:room1", types.slice(0, 20), "first-half");
    index.add("location:*", [], "every-type");
    for (let round = 0; round < 2; round++) {
      for (const [k, type] of types.entries()) {
        expect(index.match("location:room1", type)).toEqual(k < 20 ? ["first-half", "every-type"] : ["every-type"]);
      }
    }
  });

  it("stays right when more streams are busy than it holds (it stands aside, then tries again)", () => {
    const cached = createSubscriptionIndex<string>({ routeCacheSize: 64 });
    const walked = createSubscriptionIndex<string>({ routeCacheSize: 0 });
    for (const index of [cached, walked]) {
      index.add("*", ["say"], "say-anywhere");
      index.add("location:*", [], "locations");
      for (let k = 0; k < 500; k += 7) index.add(`location:room${k}`, k % 2 === 0 ? ["pose"] : [], `room${k}`);
    }
    // 24 rounds over 3,000 streams (72,000 lookups, more than 16 windows of 4,096): most lookups miss a
    // full cache, so it stands aside for 15 windows, then is used again for one; answers never change.
    const mismatches: string[] = [];
    for (let round = 0; round < 24; round++) {
      for (let k = 0; k < 3000; k++) {
        const stream = k % 3 === 0 ? `global:${k}` : `location:room${k % 1000}`;
        const type = k % 2 === 0 ? "say" : "pose";
        const got = cached.match(stream, type);
        const want = walked.match(stream, type);
        if (got.length !== want.length || got.some((value, at) => value !== want[at]))
          mismatches.push(`${stream} ${type}`);
      }
      // A stream in steady use is answered right, remembered or not.
      for (let repeat = 0; repeat < 40; repeat++) {
        expect(cached.match("location:room7", "say")).toEqual(["room7", "say-anywhere", "locations"]);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("walks on every match when routeCacheSize is 0", () => {
    const index = createSubscriptionIndex<string>({ routeCacheSize: 0 });
    index.add("location:*", [], "a");
    const first = index.match("location:room1", "say");
    expect(first).toEqual(["a"]);
    expect(index.match("location:room1", "say")).not.toBe(first);
  });
});
