/**
 * Emit rights of a Lua manifest without `emits` (docs/lua.md, "Emit
 * rights"): what on_event returns may go to the stream of the event being
 * handled, and nowhere else; commands, other streams and an explicit
 * `emits: []` get nothing.
 */
import { ActorKind } from "@holomush/proto";
import { afterEach, describe, expect, it } from "vitest";
import { type LuaHarness, recordEvents, startLuaHost } from "./__fixtures__/lua-host-harness.js";

let harness: LuaHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const REPLIER = `
function on_event(event)
  if event.actor_kind == "plugin" then return nil end
  local target = event.payload:match('"to":"([^"]*)"')
  return {{ subject = target or event.stream, type = "heard", payload = '{"from":"' .. event.stream .. '"}' }}
end
function on_command(ctx)
  return { status = 0, output = "sent", events = {{ subject = "location." .. ctx.location_id, type = "heard" }} }
end`;

const manifest = (extra: Record<string, unknown> = {}) => ({
  name: "replier",
  version: "1.0.0",
  type: "lua",
  events: ["poke"],
  "lua-plugin": { entry: "main.lua" },
  commands: [{ name: "shout", help: "s" }],
  ...extra,
});

async function poke(stream: string, payload: Record<string, string> = {}) {
  await harness?.host.publish({
    stream,
    type: "poke",
    payload: JSON.stringify(payload),
    actorKind: ActorKind.CHARACTER,
    actorId: "c1",
  });
  await harness?.host.bus.idle();
}

describe("emit rights of a Lua manifest without emits", { timeout: 30_000 }, () => {
  it("answers on the stream it heard, on any namespace, and nowhere else", async () => {
    const logs: string[] = [];
    harness = await startLuaHost({ replier: { manifest: manifest(), files: { "main.lua": REPLIER } } }, { logs });
    expect(harness.report.failed).toEqual([]);
    const heard = recordEvents(harness.host, "*", "replier");
    await poke("location:square");
    await poke("scene:s1");
    await poke("location:square", { to: "character:victim" });
    await poke("location:square", { to: "location:elsewhere" });
    expect(heard.map((e) => [e.stream, e.payload])).toEqual([
      ["location:square", '{"from":"location:square"}'],
      ["scene:s1", '{"from":"scene:s1"}'],
    ]);
    const refusals = logs.filter((line) => line.includes("EMIT_NAMESPACE_UNDECLARED"));
    expect(refusals).toHaveLength(2);
  });

  it("grants nothing to a command's events", async () => {
    harness = await startLuaHost({ replier: { manifest: manifest(), files: { "main.lua": REPLIER } } });
    const heard = recordEvents(harness.host, "*", "replier");
    const alice = await harness.host.connect("Alice");
    const result = await harness.host.execute(alice.id, "shout");
    await harness.host.bus.idle();
    expect(result?.output).not.toBe("sent");
    expect(heard).toEqual([]);
  });

  it("grants nothing when the manifest says emits: []", async () => {
    harness = await startLuaHost({
      replier: { manifest: manifest({ emits: [] }), files: { "main.lua": REPLIER } },
    });
    const heard = recordEvents(harness.host, "*", "replier");
    await poke("location:square");
    expect(heard).toEqual([]);
  });

  it("keeps a declared emits list as the only rule", async () => {
    harness = await startLuaHost({
      replier: { manifest: manifest({ emits: ["scene"] }), files: { "main.lua": REPLIER } },
    });
    const heard = recordEvents(harness.host, "*", "replier");
    await poke("location:square");
    await poke("scene:s2");
    expect(heard.map((e) => e.stream)).toEqual(["scene:s2"]);
  });
});
