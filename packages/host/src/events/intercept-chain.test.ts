import { create } from "@bufbuild/protobuf";
import { ActorKind, type Event, EventSchema } from "@holomush/proto";
import { describe, expect, it } from "vitest";
import type { EventResultInit } from "../plugins/runtime.js";
import { deferred, silentLogger } from "./__fixtures__/bus-fixtures.js";
import { createInterceptChain, type Interceptor } from "./intercept-chain.js";

const event: Event = create(EventSchema, {
  id: "01J00000000000000000000000",
  stream: "location:room1",
  type: "say",
  timestamp: 1n,
  actorKind: ActorKind.CHARACTER,
  actorId: "char-1",
  payload: '{"text":"hello"}',
});

function interceptor(
  name: string,
  priority: number,
  loadOrder: number,
  answer: () => Promise<EventResultInit | undefined>,
): Interceptor {
  return { name, priority, loadOrder, offer: () => answer() };
}

const after = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe("createInterceptChain", () => {
  it("applies mutations by (priority, loadOrder), not by arrival: the last in that order wins", async () => {
    const chain = createInterceptChain({ logger: silentLogger, deadlineMs: 1000 });
    const first = deferred<EventResultInit | undefined>();
    const second = deferred<EventResultInit | undefined>();
    const verdictPromise = chain.intercept(event, [
      interceptor("late-priority", 20, 0, () => second.promise),
      interceptor("early-priority", 10, 5, () => first.promise),
    ]);
    // The higher-priority-number plugin answers first; order must not depend on it.
    second.resolve({ payload: '{"text":"from 20"}' });
    await after(5, undefined);
    first.resolve({ payload: '{"text":"from 10"}' });
    const verdict = await verdictPromise;
    expect(verdict).toEqual({
      cancelled: false,
      payload: '{"text":"from 20"}',
      mutatedBy: ["early-priority", "late-priority"],
      missed: [],
    });
  });

  it("uses loadOrder to break priority ties", async () => {
    const chain = createInterceptChain({ logger: silentLogger, deadlineMs: 1000 });
    const verdict = await chain.intercept(event, [
      interceptor("b", 10, 2, async () => ({ payload: '"b"' })),
      interceptor("a", 10, 1, async () => ({ payload: '"a"' })),
    ]);
    expect(verdict.payload).toBe('"b"');
    expect(verdict.mutatedBy).toEqual(["a", "b"]);
  });

  it("lets cancel win over every mutation, naming the first canceller in order", async () => {
    const chain = createInterceptChain({ logger: silentLogger, deadlineMs: 1000 });
    const verdict = await chain.intercept(event, [
      interceptor("mutator", 1, 0, async () => ({ payload: '{"text":"changed"}' })),
      interceptor("censor-b", 30, 0, async () => ({ cancel: true, reason: "b says no" })),
      interceptor("censor-a", 20, 0, () => after(5, { cancel: true, reason: "a says no" })),
    ]);
    expect(verdict).toMatchObject({
      cancelled: true,
      cancelledBy: "censor-a",
      reason: "a says no",
      payload: event.payload,
      mutatedBy: [],
    });
  });

  it("ignores results after the deadline", async () => {
    const chain = createInterceptChain({ logger: silentLogger, deadlineMs: 40 });
    const late = deferred<EventResultInit | undefined>();
    const verdict = await chain.intercept(event, [
      interceptor("slow-censor", 1, 0, () => late.promise),
      interceptor("mutator", 2, 0, async () => ({ payload: '{"text":"ok"}' })),
    ]);
    late.resolve({ cancel: true, reason: "too late" });
    expect(verdict).toEqual({
      cancelled: false,
      payload: '{"text":"ok"}',
      mutatedBy: ["mutator"],
      missed: ["slow-censor"],
    });
  });

  it("ignores invalid or oversized mutations and failing interceptors", async () => {
    const chain = createInterceptChain({ logger: silentLogger, deadlineMs: 1000 });
    const verdict = await chain.intercept(event, [
      interceptor("good", 1, 0, async () => ({ payload: '{"text":"good"}' })),
      interceptor("bad-json", 2, 0, async () => ({ payload: "{nope" })),
      interceptor("too-big", 3, 0, async () => ({ payload: JSON.stringify("x".repeat(70_000)) })),
      interceptor("thrower", 4, 0, () => Promise.reject(new Error("boom"))),
      interceptor("silent", 5, 0, async () => undefined),
    ]);
    expect(verdict).toEqual({ cancelled: false, payload: '{"text":"good"}', mutatedBy: ["good"], missed: [] });
  });

  it("gives every interceptor its own copy of the event", async () => {
    const chain = createInterceptChain({ logger: silentLogger, deadlineMs: 1000 });
    const seen: string[] = [];
    await chain.intercept(event, [
      {
        name: "vandal",
        priority: 1,
        loadOrder: 0,
        offer: async (offered) => {
          offered.payload = '"vandalised"';
          return undefined;
        },
      },
      {
        name: "reader",
        priority: 2,
        loadOrder: 0,
        offer: async (offered) => {
          await after(5, undefined);
          seen.push(offered.payload);
          return undefined;
        },
      },
    ]);
    expect(seen).toEqual([event.payload]);
    expect(event.payload).toBe('{"text":"hello"}');
  });
});
