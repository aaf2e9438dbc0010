import { definePlugin } from "@holomush/host";
import { describe, expect, it } from "vitest";
import { useTestHost } from "./use-test-host.js";

const testHost = useTestHost();

// Answers "ping" later, from a timer, as a plugin talking to an outside service would.
const latePonger = definePlugin({
  handleEvent(event, context) {
    setTimeout(() => {
      void context.host.emit([{ stream: event.stream, type: "pong", payload: "{}" }]);
    }, 20);
  },
});
const ponger = {
  name: "ponger",
  version: "1.0.0",
  emits: ["location"],
  events: [{ stream: "location:*", types: ["ping"] }],
};

describe("assertions", () => {
  it("expectEvent waits for an event that arrives after the bus went idle", async () => {
    const t = await testHost();
    await t.loadPlugin(ponger, latePonger);

    await t.deliver({ stream: "location:square", type: "ping" });

    const pong = await t.expectEvent({ type: "pong", actor: { kind: "plugin", id: "ponger" } });
    expect(pong.stream).toBe("location:square");
  });

  it("expectEvent fails after its timeout, listing every event it saw", async () => {
    const t = await testHost();
    await t.deliver({ stream: "location:square", type: "say", payload: { message: "hello" } });
    await t.deliver({ stream: "location:garden", type: "pose", payload: { message: "waves" }, actor: "system" });

    const failure = await t
      .expectEvent({ type: "say", payload: { message: "goodbye" } }, { timeoutMs: 30 })
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(Error);
    const message = (failure as Error).message;
    expect(message).toMatch(
      /^expected an event matching \{"type":"say","payload":\{"message":"goodbye"\}\} within 30 ms/,
    );
    expect(message).toMatch(/published: 2 event\(s\):/);
    expect(message).toContain('location:square say by character:test-character {"message":"hello"}');
    expect(message).toContain('location:garden pose by system:host {"message":"waves"}');
  });

  it("expectNoEvent fails listing the matching events", async () => {
    const t = await testHost();
    const alice = await t.character("Alice");
    await t.deliver({ stream: "location:square", type: "say", payload: { message: "oops" }, actor: alice });

    await expect(t.expectNoEvent({ type: "say", actor: alice })).rejects.toThrow(
      /expected no event matching .*\n.*1 event\(s\):\n {2}- location:square say by character:/,
    );
    await expect(alice.expectNoEvent({ payload: { message: expect.stringMatching(/^oo/) } })).rejects.toThrow(
      /Alice saw: 1 event/,
    );
  });

  it("matches payloads partially, at any depth, with asymmetric matchers", async () => {
    const t = await testHost();
    const payload = { message: "hi", meta: { tags: ["a", "b"], from: "x" } };
    await t.deliver({ stream: "location:square", type: "say", payload, actor: "system" });

    expect(t.emitted({ payload: { meta: { from: "x" } } })).toHaveLength(1);
    expect(t.emitted({ payload: { meta: { tags: ["a"] } } })).toEqual([]);
    expect(t.lastEmitted({ payload: { message: expect.any(String) } })?.type).toBe("say");
    await t.expectNoEvent({ stream: "location:garden" });
  });

  it("useTestHost gives each test the same host for its duration", async () => {
    const first = await testHost();
    expect(await testHost()).toBe(first);
    expect(first.plugins()).toEqual([]);
  });
});
