import { definePlugin } from "@holomush/host";
import { ActorKind } from "@holomush/proto";
import { describe, expect, it } from "vitest";
import { payloadOf } from "./event-filter.js";
import { useTestHost } from "./use-test-host.js";

// The echo plugin (docs/wasm-abi.md), in process: answers character says with "Echo: <message>" and ignores plugins.
const echoManifest = {
  name: "echo-bot",
  version: "1.0.0",
  emits: ["location"],
  events: [{ stream: "location:*", types: ["say"] }],
};
const echoBot = definePlugin({
  handleEvent(event) {
    if (event.actorKind === ActorKind.PLUGIN) return undefined;
    const { message } = JSON.parse(event.payload || "{}") as { message?: string };
    if (!message) return undefined;
    return [{ stream: event.stream, type: "say", payload: JSON.stringify({ message: `Echo: ${message}` }) }];
  },
});

const testHost = useTestHost();

describe("an echo bot tested with the testkit", () => {
  it("echoes a character's say into the same location, as the plugin", async () => {
    const t = await testHost();
    await t.loadPlugin(echoManifest, echoBot);
    const alice = await t.character("Alice");

    await t.deliver({ stream: "location:square", type: "say", payload: { message: "hello" }, actor: alice });

    const echo = await t.expectEvent({ type: "say", actor: { kind: "plugin" }, payload: { message: "Echo: hello" } });
    expect(echo.stream).toBe("location:square");
    expect(echo.actorId).toBe("echo-bot");
    // Alice stands in the square, so her session sees her say and the echo, in order.
    expect(alice.events({ type: "say" }).map((event) => payloadOf(event))).toEqual([
      { message: "hello" },
      { message: "Echo: hello" },
    ]);
  });

  it("ignores events from plugin actors and says without a message", async () => {
    const t = await testHost();
    await t.loadPlugin(echoManifest, echoBot);

    await t.deliver({
      stream: "location:square",
      type: "say",
      payload: { message: "beep" },
      actor: { kind: "plugin", id: "other-bot" },
    });
    await t.deliver({ stream: "location:square", type: "say", payload: {} });

    await t.expectNoEvent({ actor: { kind: "plugin", id: "echo-bot" } });
    expect(t.emitted({ stream: "location:*", type: "say" })).toHaveLength(2);
  });

  it("only reaches characters whose session watches the stream", async () => {
    const t = await testHost();
    await t.loadPlugin(echoManifest, echoBot);
    const alice = await t.character("Alice");
    const bob = await t.character("Bob");
    t.world.move(bob.id, "north");

    await t.deliver({ stream: "location:square", type: "say", payload: { message: "psst" }, actor: alice });

    await alice.expectEvent({ payload: { message: "Echo: psst" } });
    await bob.expectNoEvent({ type: "say" });
    expect(bob.session().locationId).toBe("tavern");
  });
});
