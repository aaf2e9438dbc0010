/**
 * The Lua runtime through the real host: load, on_event, emitted events,
 * the sandbox, the deadline, the memory cap and load errors.
 */
import { ActorKind } from "@holomush/proto";
import { afterEach, describe, expect, it } from "vitest";
import { type LuaHarness, recordEvents, startLuaHost } from "./__fixtures__/lua-host-harness.js";

let harness: LuaHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const ECHO_LUA = `
function on_event(event)
  if event.type ~= "say" or event.actor_kind == "plugin" then return nil end
  local msg = event.payload:match('"message":"([^"]*)"')
  if not msg then return nil end
  return { { stream = event.stream, type = "say", payload = '{"message":"Echo: ' .. msg .. '"}' } }
end
`;

const echoManifest = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  version: "1.0.0",
  type: "lua",
  emits: ["location"],
  events: [{ stream: "location:*", types: ["say"] }],
  "lua-plugin": { entry: "main.lua" },
  ...extra,
});

async function say(harness: LuaHarness, message: string, stream = "location:square") {
  return harness.host.publish({
    stream,
    type: "say",
    payload: JSON.stringify({ message }),
    actorKind: ActorKind.CHARACTER,
    actorId: "c1",
  });
}

describe("the Lua runtime in the host", () => {
  it("loads a Lua plugin and echoes a say as the plugin", async () => {
    harness = await startLuaHost({ echo: { manifest: echoManifest("lua-echo"), files: { "main.lua": ECHO_LUA } } });
    expect(harness.report.failed).toEqual([]);
    const echoes = recordEvents(harness.host, "location:*", "lua-echo");
    await say(harness, "hello");
    await harness.host.bus.idle();
    expect(echoes.map((e) => [e.stream, e.type, e.payload, e.actorKind])).toEqual([
      ["location:square", "say", '{"message":"Echo: hello"}', ActorKind.PLUGIN],
    ]);
  });

  it("stops an endless loop at the deadline, keeps the event loop free, and delivers the next event", async () => {
    const LOOP = `
      function on_event(e)
        if e.actor_kind == "plugin" then return nil end
        if e.payload:find("loop") then while true do pcall(function() while true do end end) end end
        holo.emit.location("square", "say", { message = "done" })
        return holo.emit.flush()
      end`;
    harness = await startLuaHost({
      looper: {
        manifest: echoManifest("looper", { delivery: { "timeout-ms": 400 } }),
        files: { "main.lua": LOOP },
      },
      echo: { manifest: echoManifest("lua-echo"), files: { "main.lua": ECHO_LUA } },
    });
    const fromLooper = recordEvents(harness.host, "location:*", "looper");
    const echoes = recordEvents(harness.host, "location:*", "lua-echo");
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    await say(harness, "loop");
    await say(harness, "after");
    await harness.host.bus.idle();
    clearInterval(timer);
    // The event loop kept running while the loop spun (the interval fired), the other plugin answered both.
    expect(ticks).toBeGreaterThan(5);
    expect(echoes.map((e) => e.payload)).toEqual(['{"message":"Echo: loop"}', '{"message":"Echo: after"}']);
    expect(fromLooper.map((e) => e.payload)).toContain('{"message":"done"}');
    expect(harness.host.bus.stats().looper).toMatchObject({ timeouts: 1 });
  });

  it("refuses a result too deep to convert as an error for that event; the plugin keeps working", async () => {
    const DEEP = `
      function on_event(e)
        if e.actor_kind == "plugin" then return nil end
        if e.payload:find("deep") then
          local t = {}
          for i = 1, 200000 do t = {t} end
          return t
        end
        __holo_call = function() return true, {{stream = "location:square", type = "say", payload = "{}"}} end
        holo.emit.location("square", "say", { message = "fine" })
        return holo.emit.flush()
      end`;
    harness = await startLuaHost({ deep: { manifest: echoManifest("deep"), files: { "main.lua": DEEP } } });
    const fromDeep = recordEvents(harness.host, "location:*", "deep");
    await say(harness, "deep");
    await say(harness, "after");
    await harness.host.bus.idle();
    expect(fromDeep.map((e) => e.payload)).toEqual(['{"message":"fine"}']);
    expect(harness.host.bus.stats().deep).toMatchObject({ errors: 1 });
  });
});
