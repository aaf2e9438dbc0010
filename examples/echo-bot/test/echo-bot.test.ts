/**
 * The echo-bot as its author tests it: the real .wasm (built by asc) loaded
 * by the WASM runtime, driven through @holomush/testkit (docs/wasm-abi.md).
 */
import { join } from "node:path";
import { createWasmRuntime } from "@holomush/host";
import { createTestHost, type TestHost } from "@holomush/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

describe("echo-bot (WASM)", () => {
  let t: TestHost;

  beforeAll(async () => {
    t = await createTestHost({ runtimes: [createWasmRuntime()] });
    await t.loadPluginDir(join(import.meta.dirname, ".."));
  });

  afterAll(async () => {
    await t.stop();
  });

  it("echoes what a character says, on the same stream, as the plugin", async () => {
    const alice = await t.character("Alice");
    await t.deliver({ stream: "location:square", type: "say", payload: { message: "hello" }, actor: alice.actor });
    const echo = await t.expectEvent({ type: "say", actor: { kind: "plugin", id: "echo-bot" } });
    expect(echo.stream).toBe("location:square");
    expect(JSON.parse(echo.payload)).toEqual({ message: "Echo: hello" });
    // Alice is in the square, so her session sees the echo too.
    expect(alice.events({ type: "say" }).map((event) => JSON.parse(event.payload).message)).toEqual([
      "hello",
      "Echo: hello",
    ]);
  });

  it("ignores plugin actors, other event types and empty or missing messages", async () => {
    const before = t.emitted({ actor: { kind: "plugin", id: "echo-bot" } }).length;
    await t.deliver({
      stream: "location:square",
      type: "say",
      payload: { message: "loop?" },
      actor: { kind: "plugin", id: "other" },
    });
    await t.deliver({ stream: "location:square", type: "pose", payload: { message: "waves" } });
    await t.deliver({ stream: "location:square", type: "say", payload: { message: "" } });
    await t.deliver({ stream: "location:square", type: "say", payload: {} });
    await t.idle();
    expect(t.emitted({ actor: { kind: "plugin", id: "echo-bot" } })).toHaveLength(before);
  });
});
