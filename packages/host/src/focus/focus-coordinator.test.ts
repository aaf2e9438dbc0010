import { create } from "@bufbuild/protobuf";
import { type Event, EventSchema, FocusKind } from "@holomush/proto";
import { monotonicFactory } from "ulid";
import { describe, expect, it } from "vitest";
import { HostError } from "../errors.js";
import type { EventStore } from "../storage/event-store.js";
import { createMemoryEventStore } from "../storage/memory-event-store.js";
import { createFocusCoordinator } from "./focus-coordinator.js";
import { createFocusKindRegistry, type FocusKindPolicy } from "./focus-kind-registry.js";
import { createSceneFocusKind, type SceneFocusKindOptions } from "./scene-focus-kind.js";
import { watchedStreams } from "./session.js";
import { createSessionRegistry } from "./session-registry.js";

const scene = (targetId: string) => ({ kind: FocusKind.SCENE, targetId });
const alice = { characterId: "char-a", characterName: "Alice", playerId: "p1", locationId: "room1" };
const nextId = monotonicFactory();

function setup(options: { scene?: SceneFocusKindOptions; policies?: FocusKindPolicy[]; history?: EventStore } = {}) {
  let clock = 1_000_000;
  const sessions = createSessionRegistry({ ttlMs: 1000, now: () => clock });
  const kinds = createFocusKindRegistry({ policies: options.policies ?? [createSceneFocusKind(options.scene)] });
  const history = options.history ?? createMemoryEventStore();
  const focus = createFocusCoordinator({ sessions, kinds, history });
  const session = sessions.open(alice);
  return { sessions, history, focus, session, advance: (ms: number) => (clock += ms) };
}

async function publish(history: EventStore, stream: string, n: number): Promise<Event[]> {
  const events: Event[] = [];
  for (let i = 0; i < n; i++) {
    const event = create(EventSchema, { id: nextId(), stream, type: "pose", payload: JSON.stringify({ i }) });
    await history.append(event);
    events.push(event);
  }
  return events;
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return error instanceof HostError ? error.code : "not a HostError";
  }
  return undefined;
}

describe("createFocusCoordinator", () => {
  it("joins a scene: server-chosen streams, IC tail replayed from history oldest first, OOC live only", async () => {
    const { focus, history, sessions, session } = setup();
    const ic = await publish(history, "scene:s1:ic", 30);
    await publish(history, "scene:s1:ooc", 5);
    const result = await focus.join(session.id, scene("s1"));
    expect(result.streams).toEqual(["scene:s1:ic", "scene:s1:ooc"]);
    expect(result.replay.map((event) => event.id)).toEqual(ic.slice(10).map((event) => event.id));
    const joined = sessions.get(session.id);
    expect(joined.focus).toEqual([{ target: scene("s1"), streams: result.streams, joinedAt: 1_000_000 }]);
    expect(watchedStreams(joined)).toContain("scene:s1:ooc");
  });

  it("merges the tails of several tail streams by event id", async () => {
    const both: FocusKindPolicy = {
      kind: FocusKind.SCENE,
      streams: (id) => [
        { stream: `a:${id}`, replay: "tail", tailCount: 2 },
        { stream: `b:${id}`, replay: "tail", tailCount: 2 },
      ],
    };
    const { focus, history, session } = setup({ policies: [both] });
    const a1 = await publish(history, "a:x", 1);
    const b1 = await publish(history, "b:x", 1);
    const a2 = await publish(history, "a:x", 1);
    const { replay } = await focus.join(session.id, scene("x"));
    expect(replay.map((event) => event.id)).toEqual([...a1, ...b1, ...a2].map((event) => event.id));
  });

  it("reports FOCUS_ALREADY_MEMBER on a second join, even when two joins race", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { focus, sessions, session } = setup({ scene: { authorizeJoin: () => gate } });
    const first = focus.join(session.id, scene("s1"));
    const second = focus.join(session.id, scene("s1"));
    release();
    const outcomes = await Promise.allSettled([first, second]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await codeOf(focus.join(session.id, scene("s1")))).toBe("FOCUS_ALREADY_MEMBER");
    expect(sessions.get(session.id).focus).toHaveLength(1);
  });

  it("reports FOCUS_KIND_UNREGISTERED for an unspecified or unregistered kind", async () => {
    const { focus, session } = setup({ policies: [] });
    expect(await codeOf(focus.join(session.id, { kind: FocusKind.UNSPECIFIED, targetId: "s1" }))).toBe(
      "FOCUS_KIND_UNREGISTERED",
    );
    expect(await codeOf(focus.join(session.id, scene("s1")))).toBe("FOCUS_KIND_UNREGISTERED");
  });

  it("reports FOCUS_POLICY_FAILED with the cause, and joins nothing", async () => {
    const refusal = new Error("private scene");
    const { focus, sessions, session } = setup({
      scene: {
        authorizeJoin: async (joining, sceneId) => {
          if (sceneId === "secret" && joining.characterId === "char-a") throw refusal;
        },
      },
    });
    const error = await focus.join(session.id, scene("secret")).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "FOCUS_POLICY_FAILED", cause: refusal });
    expect((error as Error).message).toContain("private scene");
    const badId = await focus.join(session.id, scene("bad id")).catch((caught: unknown) => caught);
    expect(badId).toMatchObject({ code: "FOCUS_POLICY_FAILED", cause: { code: "INVALID_ARGUMENT" } });
    expect(sessions.get(session.id).focus).toEqual([]);
  });

  it("leave is idempotent and clears presenting when it pointed at the target", async () => {
    const { focus, sessions, session } = setup();
    await focus.join(session.id, scene("s1"));
    await focus.join(session.id, scene("s2"));
    await focus.present(session.id, scene("s1"));
    expect(sessions.get(session.id).presenting).toEqual(scene("s1"));
    expect(await focus.leave(session.id, scene("s2"))).toBe(true);
    expect(sessions.get(session.id).presenting).toEqual(scene("s1"));
    expect(await focus.leave(session.id, scene("s1"))).toBe(true);
    expect(sessions.get(session.id).presenting).toBeUndefined();
    expect(await focus.leave(session.id, scene("s1"))).toBe(false);
    expect(sessions.get(session.id).focus).toEqual([]);
  });

  it("present is bookkeeping for members only: FOCUS_NOT_MEMBER otherwise", async () => {
    const { focus, sessions, session } = setup();
    expect(await codeOf(focus.present(session.id, scene("s1")))).toBe("FOCUS_NOT_MEMBER");
    await focus.join(session.id, scene("s1"));
    const before = watchedStreams(sessions.get(session.id));
    await focus.present(session.id, scene("s1"));
    expect(sessions.get(session.id).presenting).toEqual(scene("s1"));
    expect(watchedStreams(sessions.get(session.id))).toEqual(before);
  });

  it("leaveByTarget removes the target from every session, or from one character's", async () => {
    const { focus, sessions, session } = setup();
    const second = sessions.open(alice);
    const bob = sessions.open({ ...alice, characterId: "char-b" });
    for (const id of [session.id, second.id, bob.id]) await focus.join(id, scene("s1"));
    await focus.join(bob.id, scene("s2"));
    expect(await focus.leaveByTarget(scene("s1"), "char-a")).toBe(2);
    expect(sessions.get(bob.id).focus).toHaveLength(2);
    expect(await focus.leaveByTarget(scene("s1"))).toBe(1);
    expect(await focus.leaveByTarget(scene("s1"))).toBe(0);
    expect(sessions.get(bob.id).focus.map((membership) => membership.target)).toEqual([scene("s2")]);
  });

  it("surfaces SESSION_NOT_FOUND and SESSION_EXPIRED from every per-session method", async () => {
    const { focus, session, advance } = setup();
    for (const call of [
      () => focus.join("missing", scene("s1")),
      () => focus.leave("missing", scene("s1")),
      () => focus.present("missing", scene("s1")),
    ]) {
      expect(await codeOf(call())).toBe("SESSION_NOT_FOUND");
    }
    advance(1001);
    for (const call of [
      () => focus.join(session.id, scene("s1")),
      () => focus.leave(session.id, scene("s1")),
      () => focus.present(session.id, scene("s1")),
    ]) {
      expect(await codeOf(call())).toBe("SESSION_EXPIRED");
    }
  });

  it("rolls the membership back when history cannot be read", async () => {
    const broken: EventStore = {
      append: async () => {},
      query: async () => {
        throw new Error("database down");
      },
    };
    const { focus, sessions, session } = setup({ history: broken });
    expect(await codeOf(focus.join(session.id, scene("s1")))).toBe("STORAGE_UNAVAILABLE");
    expect(sessions.get(session.id).focus).toEqual([]);
  });
});
