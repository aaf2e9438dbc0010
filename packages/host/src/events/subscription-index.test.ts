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

const NAMESPACES = ["location", "character", "scene", "global", "loc", ""];
const IDS = ["", "1", "12", "a", "ab", "room1", "room12"];
const SUFFIXES = ["", ":ic", ":ooc", ":x:y"];
const TYPES = ["say", "pose", "arrive", "leave"];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function randomStream(random: () => number): string {
  const namespace = pick(random, NAMESPACES);
  if (random() < 0.1) return namespace;
  return `${namespace}:${pick(random, IDS)}${pick(random, SUFFIXES)}`;
}

function randomPattern(random: () => number): string {
  const roll = random();
  const stream = randomStream(random);
  if (roll < 0.05) return "*";
  if (roll < 0.1) return "";
  if (roll < 0.4) return stream;
  if (roll < 0.7) return `${stream.slice(0, Math.floor(random() * (stream.length + 1)))}*`;
  // Middle / multiple stars: replace one or two random slices with *.
  let pattern = stream;
  for (let k = 0; k < 1 + Math.floor(random() * 2); k++) {
    const at = Math.floor(random() * (pattern.length + 1));
    const length = Math.floor(random() * 3);
    pattern = `${pattern.slice(0, at)}*${pattern.slice(at + length)}`;
  }
  return pattern;
}

describe("createSubscriptionIndex", () => {
  it("routes exact, prefix, * and middle-* patterns with type filters", () => {
    const index = createSubscriptionIndex<string>();
    index.add("location:room1", [], "exact");
    index.add("location:*", ["say"], "prefix-say");
    index.add("*", [], "all");
    index.add("scene:*:ic", [], "scene-ic");
    index.add("", [], "empty");
    expect(index.match("location:room1", "say")).toEqual(["exact", "all", "prefix-say"]);
    expect(index.match("location:room1", "pose")).toEqual(["exact", "all"]);
    expect(index.match("scene:7:ic", "pose")).toEqual(["all", "scene-ic"]);
    expect(index.match("scene:7:ooc", "pose")).toEqual(["all"]);
    expect(index.match("", "say")).toEqual(["empty", "all"]);
    expect(index.size).toBe(5);
  });

  it("orders results deterministically: exact, *, then prefixes by length; insertion order within one", () => {
    const index = createSubscriptionIndex<string>();
    index.add("scene:1:*", [], "deep");
    index.add("sc*", [], "trie");
    index.add("scene:*", [], "shallow-1");
    index.add("*", [], "any");
    index.add("scene:1:ic", [], "exact");
    index.add("scene:*", [], "shallow-2");
    index.add("*:ic", [], "any-wild");
    expect(index.match("scene:1:ic", "say")).toEqual([
      "exact",
      "any",
      "any-wild",
      "shallow-1",
      "shallow-2",
      "deep",
      "trie",
    ]);
  });

  it("returns each matching entry once and removes idempotently", () => {
    const index = createSubscriptionIndex<string>();
    const removeB = index.add("*", [], "b");
    index.add("location:*", [], "a");
    index.add("location:*", [], "a");
    removeB();
    removeB();
    expect(index.match("location:x", "say")).toEqual(["a", "a"]);
    expect(index.size).toBe(2);
  });

  it("shares type filters across entries and keeps them right through removals", () => {
    const index = createSubscriptionIndex<string>();
    const removeA = index.add("location:room1", ["say", "pose", "say"], "a");
    index.add("location:room1", ["pose", "say"], "b");
    const many = ["t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "say"];
    index.add("location:*", many, "many");
    expect(index.match("location:room1", "say")).toEqual(["a", "b", "many"]);
    expect(index.match("location:room1", "pose")).toEqual(["a", "b"]);
    expect(index.match("location:room1", "t8")).toEqual(["many"]);
    removeA();
    expect(index.match("location:room1", "pose")).toEqual(["b"]);
    index.add("location:room1", ["say", "pose"], "c");
    expect(index.match("location:room1", "say")).toEqual(["b", "c", "many"]);
    expect(index.match("location:room1", "leave")).toEqual([]);
  });

  it("skips only probes no key can answer: same-shape keys, bare `:` and removed keys", () => {
    const index = createSubscriptionIndex<string>();
    // Same length, first and last character: one shape, different keys.
    index.add("location:room1", [], "room1");
    index.add("location:rom11", [], "rom11");
    index.add("character:7:*", [], "char7");
    index.add(":*", [], "colon");
    const removeScene = index.add("scene:1:*", [], "scene1");
    expect(index.match("location:room1", "say")).toEqual(["room1"]);
    expect(index.match("location:rom11", "say")).toEqual(["rom11"]);
    expect(index.match("location:roon1", "say")).toEqual([]);
    expect(index.match("character:7:page", "say")).toEqual(["char7"]);
    expect(index.match("character:8:page", "say")).toEqual([]);
    expect(index.match(":x", "say")).toEqual(["colon"]);
    expect(index.match("scene:1:ic", "say")).toEqual(["scene1"]);
    removeScene();
    expect(index.match("scene:1:ic", "say")).toEqual([]);
    index.add("scene:1:*", [], "scene1-again");
    expect(index.match("scene:1:ic", "say")).toEqual(["scene1-again"]);
  });

  it("agrees with a brute-force matcher on a seeded random corpus", () => {
    for (const seed of [1, 2, 3]) {
      const random = prng(seed);
      const index = createSubscriptionIndex<number>();
      const corpus: Array<{ pattern: string; types: string[]; id: number; remove: () => void; live: boolean }> = [];
      for (let id = 0; id < 600; id++) {
        const pattern = randomPattern(random);
        const types = random() < 0.5 ? [] : [pick(random, TYPES)];
        corpus.push({ pattern, types, id, remove: index.add(pattern, types, id), live: true });
      }
      // Remove a random third to exercise removal.
      for (const entry of corpus) {
        if (random() < 0.33) {
          entry.remove();
          entry.live = false;
        }
      }
      // Add more after the removals (buckets emptied and refilled).
      for (let id = 600; id < 700; id++) {
        const pattern = randomPattern(random);
        const types = random() < 0.5 ? [] : [pick(random, TYPES)];
        corpus.push({ pattern, types, id, remove: index.add(pattern, types, id), live: true });
      }
      let matched = 0;
      for (let probe = 0; probe < 2000; probe++) {
        const stream = randomStream(random);
        const type = pick(random, TYPES);
        const expected = corpus
          .filter((entry) => entry.live && matchStreamPattern(entry.pattern, stream))
          .filter((entry) => entry.types.length === 0 || entry.types.includes(type))
          .map((entry) => entry.id);
        const actual = [...index.match(stream, type)].sort((a, b) => a - b);
        expect(actual, `seed ${seed} ${stream} ${type}`).toEqual(expected);
        matched += expected.length;
      }
      // The corpus must exercise real matches, not only misses.
      expect(matched).toBeGreaterThan(2000);
      expect(index.size).toBe(corpus.filter((entry) => entry.live).length);
    }
  });
});
