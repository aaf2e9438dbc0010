import { create } from "@bufbuild/protobuf";
import { EventSchema } from "@holomush/proto";
import { monotonicFactory } from "ulid";
import { describe, expect, it } from "vitest";
import { describeEventStoreContract } from "./event-store.contract.js";
import { createMemoryEventStore } from "./memory-event-store.js";

describeEventStoreContract("memory", async () => createMemoryEventStore());

describe("createMemoryEventStore", () => {
  const nextId = monotonicFactory();
  const event = (id: string, stream = "location:a") => create(EventSchema, { id, stream, type: "say", payload: "{}" });

  it("keeps only the newest maxEventsPerStream events and still accepts a cursor at a dropped event", async () => {
    const store = createMemoryEventStore({ maxEventsPerStream: 5 });
    const appended = Array.from({ length: 8 }, () => event(nextId()));
    for (const item of appended.slice(0, 2)) await store.append(item);
    const early = await store.query({ stream: "location:a", count: 1 });
    for (const item of appended.slice(2)) await store.append(item);
    expect((await store.query({ stream: "location:a" })).entries.map((entry) => entry.event.id)).toEqual(
      appended.slice(3).map((item) => item.id),
    );
    // The cursor points at #1, which was dropped with everything older.
    const older = await store.query({ stream: "location:a", cursor: early.nextCursor });
    expect(older.entries).toEqual([]);
  });

  it("orders by ULID even when appended out of order, and refuses duplicates", async () => {
    const store = createMemoryEventStore();
    const [a, b, c] = [nextId(), nextId(), nextId()];
    for (const id of [a, c, b]) await store.append(event(id));
    const page = await store.query({ stream: "location:a" });
    expect(page.entries.map((entry) => entry.event.id)).toEqual([a, b, c]);
    await expect(store.append(event(b))).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
  });

  it("refuses an event without a ULID id", async () => {
    const store = createMemoryEventStore();
    await expect(store.append(event("not-a-ulid"))).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
  });

  it("copies events in and out", async () => {
    const store = createMemoryEventStore();
    const original = event(nextId());
    await store.append(original);
    original.payload = "mutated";
    const page = await store.query({ stream: "location:a" });
    expect(page.entries[0]?.event.payload).toBe("{}");
    if (page.entries[0]) page.entries[0].event.payload = "mutated";
    expect((await store.query({ stream: "location:a" })).entries[0]?.event.payload).toBe("{}");
  });

  it("refuses a non-positive maxEventsPerStream and calls after close", async () => {
    expect(() => createMemoryEventStore({ maxEventsPerStream: 0 })).toThrow(/maxEventsPerStream/);
    const store = createMemoryEventStore();
    await store.close?.();
    await expect(store.query({ stream: "x" })).rejects.toMatchObject({ code: "STORAGE_UNAVAILABLE" });
  });
});
