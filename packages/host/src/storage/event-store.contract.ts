/**
 * The EventStore (history) contract, run against every engine (in-memory
 * here; PostgreSQL and PGlite in the storage issue). Test support only: not
 * part of the build. Each test uses freshly named streams, so a persistent
 * engine can reuse one database across tests.
 */
import { create } from "@bufbuild/protobuf";
import { ActorKind, type Event, EventSchema } from "@holomush/proto";
import { monotonicFactory } from "ulid";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EventStore, HistoryPage } from "./event-store.js";
import { encodeHistoryCursor } from "./history-cursor.js";

const BASE_MS = 1_700_000_000_000;

export function describeEventStoreContract(label: string, factory: () => Promise<EventStore>): void {
  describe(`EventStore contract: ${label}`, () => {
    let store: EventStore;
    let stream: string;
    const nextId = monotonicFactory();

    beforeEach(async () => {
      store = await factory();
      stream = `location:${nextId()}`;
    });
    afterEach(async () => {
      await store.close?.();
    });

    /** `n` events of `target`, one millisecond apart, in order (not stored). */
    function makeEvents(n: number, target = stream, startMs = BASE_MS): Event[] {
      return Array.from({ length: n }, (_, i) =>
        create(EventSchema, {
          id: nextId(startMs + i),
          stream: target,
          type: "say",
          timestamp: BigInt(startMs + i),
          actorKind: ActorKind.CHARACTER,
          actorId: "char-1",
          payload: JSON.stringify({ n: i }),
        }),
      );
    }

    /** Appends `n` events to `target`, one millisecond apart; returns them in order. */
    async function appendMany(n: number, target = stream, startMs = BASE_MS): Promise<Event[]> {
      const events = makeEvents(n, target, startMs);
      for (const event of events) await store.append(event);
      return events;
    }

    /** The engine's group commit; every engine of the host has one. */
    function groupCommit(events: Event[]): Promise<void> {
      if (store.appendMany === undefined) throw new Error(`${label} has no appendMany`);
      return store.appendMany(events);
    }

    const ids = (page: HistoryPage) => page.entries.map((entry) => entry.event.id);

    it("returns an empty page for an empty stream", async () => {
      expect(await store.query({ stream })).toEqual({ entries: [], nextCursor: "" });
    });

    it("returns the newest page oldest to newest, with the events as appended", async () => {
      const events = await appendMany(60);
      const page = await store.query({ stream, count: 10 });
      expect(ids(page)).toEqual(events.slice(50).map((event) => event.id));
      expect(page.entries[0]?.event).toEqual(events[50]);
      expect(page.nextCursor).toBe(page.entries[0]?.cursor);
    });

    it("pages toward older events through the whole stream without gaps or duplicates", async () => {
      const events = await appendMany(120);
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.query({ stream, count: 50, ...(cursor ? { cursor } : {}) });
        seen.unshift(...ids(page));
        cursor = page.nextCursor || undefined;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(events.map((event) => event.id));
    });

    it("sets nextCursor only for a full page, so an exact multiple ends with an empty page", async () => {
      await appendMany(100);
      const first = await store.query({ stream, count: 50 });
      const second = await store.query({ stream, count: 50, cursor: first.nextCursor });
      expect(second.entries).toHaveLength(50);
      const third = await store.query({ stream, count: 50, cursor: second.nextCursor });
      expect(third).toEqual({ entries: [], nextCursor: "" });
    });

    it("positions each entry's cursor at that entry", async () => {
      const events = await appendMany(10);
      const page = await store.query({ stream, count: 10 });
      const fromFifth = await store.query({ stream, count: 3, cursor: page.entries[4]?.cursor });
      expect(ids(fromFifth)).toEqual(events.slice(1, 4).map((event) => event.id));
    });

    it("defaults count 0 or absent to 50", async () => {
      await appendMany(60);
      expect((await store.query({ stream, count: 0 })).entries).toHaveLength(50);
      expect((await store.query({ stream })).entries).toHaveLength(50);
    });

    it("clamps count above 500 to 500", async () => {
      const events = await appendMany(520);
      const page = await store.query({ stream, count: 10_000 });
      expect(page.entries).toHaveLength(500);
      expect(page.entries[0]?.event.id).toBe(events[20]?.id);
      expect(page.nextCursor).not.toBe("");
    });

    it("refuses a negative count", async () => {
      await expect(store.query({ stream, count: -1 })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    });

    it("bounds by notBeforeMs (inclusive) and then returns a partial page without a cursor", async () => {
      const events = await appendMany(30);
      const page = await store.query({ stream, count: 20, notBeforeMs: BASE_MS + 25 });
      expect(ids(page)).toEqual(events.slice(25).map((event) => event.id));
      expect(page.nextCursor).toBe("");
      const paged = await store.query({ stream, count: 3, notBeforeMs: BASE_MS + 25 });
      const older = await store.query({ stream, count: 3, notBeforeMs: BASE_MS + 25, cursor: paged.nextCursor });
      expect(ids(older)).toEqual(events.slice(25, 27).map((event) => event.id));
      expect(older.nextCursor).toBe("");
    });

    it("refuses malformed cursors and cursors of another stream", async () => {
      await appendMany(3);
      const foreign = encodeHistoryCursor({ stream: `${stream}-other`, eventId: nextId() });
      for (const cursor of ["garbage!", "e30", Buffer.from("not json").toString("base64url"), foreign]) {
        await expect(store.query({ stream, cursor })).rejects.toMatchObject({ code: "INVALID_CURSOR" });
      }
    });

    it("stores a group commit in order, across streams and beyond one statement's rows", async () => {
      const events = makeEvents(150);
      const other = makeEvents(3, `${stream}:other`);
      await groupCommit([...events.slice(0, 100), ...other, ...events.slice(100)]);
      const page = await store.query({ stream, count: 500 });
      expect(page.entries.map((entry) => entry.event)).toEqual(events);
      expect(ids(await store.query({ stream: `${stream}:other` }))).toEqual(other.map((event) => event.id));
    });

    it("stores none of a group commit that repeats a stored event, or an id twice", async () => {
      const [stored] = await appendMany(1);
      const fresh = makeEvents(3, stream, BASE_MS + 10);
      await expect(groupCommit([...fresh, stored as Event])).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
      const twice = makeEvents(2, stream, BASE_MS + 20);
      await expect(groupCommit([...twice, twice[0] as Event])).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
      expect(ids(await store.query({ stream }))).toEqual([stored?.id]);
    });

    it("keeps streams apart and is read-only", async () => {
      const mine = await appendMany(5);
      await appendMany(5, `${stream}:other`);
      const first = await store.query({ stream, count: 100 });
      const again = await store.query({ stream, count: 100 });
      expect(ids(first)).toEqual(mine.map((event) => event.id));
      expect(again).toEqual(first);
    });
  });
}
