/**
 * The commit step's group commit: events that queue up while a write runs
 * are stored in one write, then routed one at a time in arrival order; when
 * that write fails, each event is written alone, so only the bad one's
 * publish fails.
 */
import { create } from "@bufbuild/protobuf";
import { ActorKind, type Event, EventSchema } from "@holomush/proto";
import { describe, expect, it } from "vitest";
import { HostError, HostErrorCode } from "../errors.js";
import type { EventStore } from "../storage/event-store.js";
import { deferred } from "./__fixtures__/bus-fixtures.js";
import { createCommitter } from "./event-commit.js";

const event = (id: string): Event =>
  create(EventSchema, {
    id,
    stream: "location:square",
    type: "say",
    timestamp: 1n,
    actorKind: ActorKind.CHARACTER,
    actorId: "char-1",
    payload: "{}",
  });

/** A store whose first write waits for `release`; records each write's ids. */
function slowStore(options: { failOn?: string } = {}) {
  const release = deferred();
  const writes: string[][] = [];
  let first = true;
  const hold = async () => {
    if (first) {
      first = false;
      await release.promise;
    }
  };
  const refuse = (ids: string[]) => {
    if (options.failOn !== undefined && ids.includes(options.failOn)) {
      throw new HostError(HostErrorCode.STORAGE_UNAVAILABLE, `cannot store ${options.failOn}`);
    }
  };
  const store: EventStore = {
    async append(stored) {
      await hold();
      refuse([stored.id]);
      writes.push([stored.id]);
    },
    async appendMany(events) {
      await hold();
      const ids = events.map((stored) => stored.id);
      refuse(ids);
      writes.push(ids);
    },
    query: async () => ({ entries: [], nextCursor: "" }),
  };
  return { store, writes, release };
}

describe("the committer's group commit", () => {
  it("stores what queued during a write in one write, and routes in arrival order", async () => {
    const { store, writes, release } = slowStore();
    const routed: string[] = [];
    const commit = createCommitter(store, (routedEvent) => {
      routed.push(routedEvent.id);
      return [];
    });
    const publishes = ["e1", "e2", "e3", "e4"].map((id) => commit(event(id), 0));
    release.resolve();
    const results = await Promise.all(publishes);
    expect(writes).toEqual([["e1"], ["e2", "e3", "e4"]]);
    expect(routed).toEqual(["e1", "e2", "e3", "e4"]);
    expect(results.map((result) => result.event?.id)).toEqual(["e1", "e2", "e3", "e4"]);
  });

  it("fails only the publish of the event the store refuses, and still routes the rest in order", async () => {
    const { store, writes, release } = slowStore({ failOn: "e3" });
    const routed: string[] = [];
    const settled: string[] = [];
    const commit = createCommitter(store, (routedEvent) => {
      routed.push(routedEvent.id);
      return [];
    });
    const publishes = ["e1", "e2", "e3", "e4"].map((id) => commit(event(id), 0, () => settled.push(id)));
    release.resolve();
    const outcomes = await Promise.allSettled(publishes);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
    expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({ code: "STORAGE_UNAVAILABLE" });
    expect(writes).toEqual([["e1"], ["e2"], ["e4"]]);
    expect(routed).toEqual(["e1", "e2", "e4"]);
    expect(settled.sort()).toEqual(["e1", "e2", "e3", "e4"]);
  });

  it("writes one event at a time to a store without a group commit", async () => {
    const { store, writes, release } = slowStore();
    const single: EventStore = { append: store.append, query: store.query };
    const commit = createCommitter(single, () => []);
    const publishes = ["e1", "e2", "e3"].map((id) => commit(event(id), 0));
    release.resolve();
    await Promise.all(publishes);
    expect(writes).toEqual([["e1"], ["e2"], ["e3"]]);
  });
});
