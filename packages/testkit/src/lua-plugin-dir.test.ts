/**
 * The testkit loads Lua plugin directories like any other: the examples'
 * lua-echo and lua-communication, with the host's Lua runtime.
 */
import { join } from "node:path";
import { luaRuntime } from "@holomush/host";
import { describe, expect, it } from "vitest";
import { payloadOf } from "./event-filter.js";
import { useTestHost } from "./use-test-host.js";

const examples = join(import.meta.dirname, "..", "..", "..", "examples");
const testHost = useTestHost({ runtimes: [luaRuntime()] });

describe("Lua plugin directories in the testkit", () => {
  it("loads examples/lua-echo and sees it echo a say", async () => {
    const t = await testHost();
    await t.loadPluginDir(join(examples, "lua-echo"));
    const alice = await t.character("Alice");
    await t.deliver({ stream: "location:square", type: "say", payload: { message: "hello" }, actor: alice });
    const echo = await t.expectEvent({ type: "say", actor: { kind: "plugin" }, payload: { message: "Echo: hello" } });
    expect(echo.actorId).toBe("lua-echo");
  });

  it("runs examples/lua-communication's commands", async () => {
    const t = await testHost();
    await t.loadPluginDir(join(examples, "lua-communication"));
    const alice = await t.character("Alice");
    const bob = await t.character("Bob");
    const result = await alice.run("whisper Bob=psst");
    expect(result.output).toBe("You whisper to Bob: psst");
    await t.expectEvent({ type: "whisper", stream: `character:${bob.id}` });
    expect(bob.events({ type: "whisper" }).map((event) => payloadOf(event))).toEqual([
      { message: 'Alice whispers, "psst"' },
    ]);
  });
});
