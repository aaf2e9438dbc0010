import { FocusKind } from "@holomush/proto";
import { describe, expect, it } from "vitest";
import { isHostError } from "../errors.js";
import { watchedStreams } from "./session.js";
import { createSessionRegistry, type SessionChange } from "./session-registry.js";

const alice = { characterId: "char-a", characterName: "Alice", playerId: "player-1", locationId: "room1" };
const scene = { kind: FocusKind.SCENE, targetId: "s1" };

function setup(ttlMs = 1000) {
  let clock = 1_000_000;
  const registry = createSessionRegistry({ ttlMs, now: () => clock });
  return { registry, advance: (ms: number) => (clock += ms) };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isHostError(error) ? error.code : "not a HostError";
  }
  return undefined;
}

describe("createSessionRegistry", () => {
  it("opens sessions with ULID ids and the clock's time", () => {
    const { registry } = setup();
    const session = registry.open(alice);
    expect(session.id).toMatch(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/);
    expect(session).toMatchObject({ ...alice, openedAt: 1_000_000, lastActiveAt: 1_000_000, focus: [] });
    expect(registry.get(session.id)).toEqual(session);
  });

  it("throws SESSION_NOT_FOUND for an unknown or closed id", () => {
    const { registry } = setup();
    const session = registry.open(alice);
    expect(codeOf(() => registry.get("nope"))).toBe("SESSION_NOT_FOUND");
    expect(registry.close(session.id)).toBe(true);
    expect(registry.close(session.id)).toBe(false);
    expect(codeOf(() => registry.get(session.id))).toBe("SESSION_NOT_FOUND");
  });

  it("expires a session ttlMs after its last activity; touch renews", () => {
    const { registry, advance } = setup(1000);
    const session = registry.open(alice);
    advance(800);
    registry.touch(session.id);
    advance(1000);
    expect(registry.get(session.id).lastActiveAt).toBe(1_000_800);
    advance(1);
    expect(codeOf(() => registry.get(session.id))).toBe("SESSION_EXPIRED");
    expect(codeOf(() => registry.touch(session.id))).toBe("SESSION_EXPIRED");
    expect(codeOf(() => registry.setLocation(session.id, "room2"))).toBe("SESSION_EXPIRED");
    expect(registry.list()).toEqual([]);
  });

  it("sweeps expired sessions, which then become unknown", () => {
    const { registry, advance } = setup(1000);
    const old = registry.open(alice);
    advance(600);
    const fresh = registry.open({ ...alice, characterId: "char-b" });
    advance(600);
    expect(registry.sweep()).toBe(1);
    expect(codeOf(() => registry.get(old.id))).toBe("SESSION_NOT_FOUND");
    expect(registry.get(fresh.id).id).toBe(fresh.id);
  });

  it("lists live sessions and finds them by character", () => {
    const { registry } = setup();
    const a1 = registry.open(alice);
    const b = registry.open({ ...alice, characterId: "char-b" });
    const a2 = registry.open(alice);
    expect(registry.list().map((session) => session.id)).toEqual([a1.id, b.id, a2.id]);
    expect(registry.byCharacter("char-a").map((session) => session.id)).toEqual([a1.id, a2.id]);
    expect(registry.byCharacter("char-z")).toEqual([]);
  });

  it("hands out copies, so callers cannot change focus directly", () => {
    const { registry } = setup();
    const session = registry.open(alice);
    registry.addMembership(session.id, scene, ["scene:s1:ic"]);
    const copy = registry.get(session.id);
    copy.focus.pop();
    copy.locationId = "elsewhere";
    expect(registry.get(session.id)).toMatchObject({ locationId: "room1", focus: [{ target: scene }] });
  });

  it("keeps presenting among the memberships", () => {
    const { registry } = setup();
    const { id } = registry.open(alice);
    expect(codeOf(() => registry.setPresenting(id, scene))).toBe("FOCUS_NOT_MEMBER");
    registry.addMembership(id, scene, ["scene:s1:ic"]);
    expect(codeOf(() => registry.addMembership(id, scene, []))).toBe("FOCUS_ALREADY_MEMBER");
    registry.setPresenting(id, scene);
    expect(registry.get(id).presenting).toEqual(scene);
    expect(registry.removeMembership(id, scene)).toBe(true);
    expect(registry.get(id).presenting).toBeUndefined();
    expect(registry.removeMembership(id, scene)).toBe(false);
  });

  it("derives watched streams from location, character and focus", () => {
    const { registry } = setup();
    const { id } = registry.open(alice);
    registry.addMembership(id, scene, ["scene:s1:ic", "scene:s1:ooc"]);
    registry.addMembership(id, { kind: FocusKind.SCENE, targetId: "s2" }, ["scene:s2:ic", "scene:s1:ooc"]);
    expect(watchedStreams(registry.get(id))).toEqual([
      "location:room1",
      "character:char-a",
      "scene:s1:ic",
      "scene:s1:ooc",
      "scene:s2:ic",
    ]);
  });

  it("notifies listeners whenever the watched set may change, until unsubscribed", () => {
    const { registry } = setup();
    const seen: [SessionChange, string[]][] = [];
    const stop = registry.onChange((session, change) => seen.push([change, watchedStreams(session)]));
    const { id } = registry.open(alice);
    registry.setLocation(id, "room2");
    registry.setLocation(id, "room2");
    registry.addMembership(id, scene, ["scene:s1:ic"]);
    registry.removeMembership(id, scene);
    registry.close(id);
    stop();
    registry.open(alice);
    expect(seen).toEqual([
      ["opened", ["location:room1", "character:char-a"]],
      ["updated", ["location:room2", "character:char-a"]],
      ["updated", ["location:room2", "character:char-a", "scene:s1:ic"]],
      ["updated", ["location:room2", "character:char-a"]],
      ["closed", ["location:room2", "character:char-a"]],
    ]);
  });

  it("reports a throwing listener without undoing the change", () => {
    const errors: unknown[] = [];
    const registry = createSessionRegistry({ onListenerError: (error) => errors.push(error) });
    registry.onChange(() => {
      throw new Error("listener broke");
    });
    const { id } = registry.open(alice);
    expect(registry.get(id).id).toBe(id);
    expect(errors).toEqual([new Error("listener broke")]);
  });

  it("refuses to open a session with a missing identity field", () => {
    const { registry } = setup();
    expect(codeOf(() => registry.open({ ...alice, characterId: "" }))).toBe("INVALID_ARGUMENT");
    expect(registry.list()).toEqual([]);
  });

  it("refuses a non-positive ttl", () => {
    expect(() => createSessionRegistry({ ttlMs: 0 })).toThrow(/ttlMs/);
  });
});
