import { describe, expect, it } from "vitest";
import {
  compileStreamPattern,
  isValidStream,
  matchCompiledPattern,
  matchStreamPattern,
  normalizeStreamPattern,
  streamNamespace,
  validateStreamPattern,
} from "./stream-pattern.js";

// docs/events.md, "Stream patterns", verbatim ("(empty)" = the empty string).
const SEED_000_TABLE: Array<[pattern: string, stream: string, matches: boolean, why: string]> = [
  ["*", "location:room1", true, "Single `*` matches everything"],
  ["*", "global:chat", true, "Single `*` matches everything"],
  ["*", "", true, "Single `*` matches empty strings too"],
  ["location:*", "location:room1", true, "`*` matches `room1`"],
  ["location:*", "location:", true, "`*` matches empty string after `:`"],
  ["location:room1", "location:room1", true, "Exact match"],
  ["location:room1", "location:room2", false, "No wildcard, requires exact match"],
  ["", "", true, "Empty pattern matches empty stream"],
  ["", "location:room1", false, "Empty pattern only matches empty"],
];

describe("matchStreamPattern", () => {
  it.each(SEED_000_TABLE)("%j against %j → %s (%s)", (pattern, stream, matches) => {
    expect(matchStreamPattern(pattern, stream)).toBe(matches);
  });

  it("follows the documented edge cases for patterns without *", () => {
    expect(matchStreamPattern("location:room1", "location:room123")).toBe(false);
    expect(matchStreamPattern("location:room1", "location:room1:sub")).toBe(false);
  });

  it.each([
    ["scene:*:ic", "scene:42:ic", true],
    ["scene:*:ic", "scene::ic", true],
    ["scene:*:ic", "scene:42:ooc", false],
    ["scene:*:ic", "scene:42:ic:x", false],
    ["scene:*:ic", "scene:ic", false],
    ["*:ooc", "scene:1:ooc", true],
    ["*:ooc", "ooc", false],
    ["a*b*c", "abc", true],
    ["a*b*c", "aXbYc", true],
    ["a*b*c", "acb", false],
    ["a*bc*bc", "abcbc", true],
    ["a*bc*bc", "abcbcX", false],
    ["a*a", "a", false],
    ["a*a", "aa", true],
    ["**", "", true],
    ["location:**", "location:x", true],
  ])("middle-* pattern %j against %j → %s", (pattern, stream, matches) => {
    expect(matchStreamPattern(pattern, stream)).toBe(matches);
  });
});

describe("stream helpers", () => {
  it("collapses runs of *", () => {
    expect(normalizeStreamPattern("a**b***")).toBe("a*b*");
    expect(normalizeStreamPattern("location:*")).toBe("location:*");
  });

  it("validates publishable streams", () => {
    expect(isValidStream("location:room1")).toBe(true);
    expect(isValidStream("")).toBe(false);
    expect(isValidStream("location:room 1")).toBe(false);
    expect(isValidStream("location:\u0007")).toBe(false);
    expect(isValidStream("location:*")).toBe(false);
    expect(isValidStream("x".repeat(256))).toBe(true);
    expect(isValidStream("x".repeat(257))).toBe(false);
  });

  it("validates subscription patterns (empty allowed)", () => {
    expect(validateStreamPattern("")).toBeUndefined();
    expect(validateStreamPattern("scene:*:ic")).toBeUndefined();
    expect(validateStreamPattern("a b")).toMatch(/whitespace/);
    expect(validateStreamPattern("*".repeat(300))).toMatch(/at most 256/);
  });

  it("takes the namespace before the first colon", () => {
    expect(streamNamespace("location:room1:sub")).toBe("location");
    expect(streamNamespace("global")).toBe("global");
    expect(streamNamespace(":x")).toBe("");
  });
});

describe("compileStreamPattern", () => {
  const patterns = ["*", "a*", "*a", "a*b", "a*b*c", "scene:*:ic", "*:ooc", "a*a*a", "ab*ba", "*b*", "x**y"];
  const streams = [
    "",
    "a",
    "b",
    "ab",
    "ba",
    "aba",
    "abba",
    "abcabc",
    "aXbYc",
    "scene:42:ic",
    "scene:ic",
    "scene::ic",
    "s:ooc",
    "xy",
    "xay",
  ];

  it.each(SEED_000_TABLE.filter(([pattern]) => pattern.includes("*")))(
    "%j against %j → %s as matchStreamPattern says",
    (pattern, stream, matches) => {
      expect(matchCompiledPattern(compileStreamPattern(pattern), stream)).toBe(matches);
    },
  );

  it("gives matchStreamPattern's answer for every pattern × stream of a mixed corpus", () => {
    for (const pattern of patterns) {
      const compiled = compileStreamPattern(normalizeStreamPattern(pattern));
      for (const stream of streams) {
        expect([pattern, stream, matchCompiledPattern(compiled, stream)]).toEqual([
          pattern,
          stream,
          matchStreamPattern(pattern, stream),
        ]);
      }
    }
  });

  it("keeps head, tail and the non-empty literals between stars", () => {
    expect(compileStreamPattern("scene:*:ic")).toEqual({ head: "scene:", tail: ":ic", middles: [], minLength: 9 });
    expect(compileStreamPattern("a*b**c*d")).toEqual({ head: "a", tail: "d", middles: ["b", "c"], minLength: 4 });
  });
});
