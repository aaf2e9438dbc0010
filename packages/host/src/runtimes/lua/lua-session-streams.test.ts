/**
 * `holomush.add_session_stream` / `remove_session_stream` and
 * `on_session_subscribe` through the real host: a scene stream becomes the
 * session's scene focus membership (docs/lua.md); other streams, other
 * sessions and plugins without the grant are refused.
 */
import { FocusKind } from "@holomush/proto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type LuaHarness, startLuaHost } from "./__fixtures__/lua-host-harness.js";

let harness: LuaHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const WATCHER = `
function on_command(ctx)
  local verb, sid, stream = ctx.args:match("^(%S+)%s+(%S+)%s+(%S+)$")
  if sid == "me" then sid = ctx.session_id end
  local ok, err
  if verb == "add" then ok, err = holomush.add_session_stream(sid, stream)
  else ok, err = holomush.remove_session_stream(sid, stream) end
  return tostring(ok) .. " " .. tostring(err)
end`;

const plugin = (requires: unknown[]) => ({
  manifest: {
    name: "watcher",
    version: "1.0.0",
    type: "lua",
    "lua-plugin": { entry: "main.lua" },
    requires,
    commands: [{ name: "watch", help: "w" }],
  },
  files: { "main.lua": WATCHER },
});

const scenes = (harness: LuaHarness, sessionId: string) =>
  harness.host.sessions
    .get(sessionId)
    .focus.filter((m) => m.target.kind === FocusKind.SCENE)
    .map((m) => m.target.targetId);

describe("session streams from Lua", { timeout: 30_000 }, () => {
  it("a scene stream joins and leaves the session's scene focus", async () => {
    harness = await startLuaHost({ watcher: plugin([{ capability: "stream.subscription" }]) });
    expect(harness.report.failed).toEqual([]);
    const alice = await harness.host.connect("Alice");
    expect((await harness.host.execute(alice.id, "watch add me scene:tavern"))?.output).toBe("true nil");
    expect(scenes(harness, alice.id)).toEqual(["tavern"]);
    expect((await harness.host.execute(alice.id, "watch add me scene:tavern:ic"))?.output).toBe("true nil");
    expect(scenes(harness, alice.id)).toEqual(["tavern"]);
    expect((await harness.host.execute(alice.id, "watch remove me scene:tavern"))?.output).toBe("true nil");
    expect(scenes(harness, alice.id)).toEqual([]);
  });

  it("refuses other streams, other sessions and a plugin without the grant", async () => {
    harness = await startLuaHost({ watcher: plugin([{ capability: "stream.subscription" }]) });
    const alice = await harness.host.connect("Alice");
    const bob = await harness.host.connect("Bob");
    expect((await harness.host.execute(alice.id, "watch add me channel:ooc"))?.output).toMatch(
      /^nil only scene streams/,
    );
    expect((await harness.host.execute(alice.id, `watch add ${bob.id} scene:tavern`))?.output).toMatch(
      /^nil .*has no command from session/,
    );
    expect(scenes(harness, bob.id)).toEqual([]);
    await harness.stop();

    harness = await startLuaHost({ watcher: plugin([]) });
    const carol = await harness.host.connect("Carol");
    expect((await harness.host.execute(carol.id, "watch add me scene:tavern"))?.output).toMatch(
      /^nil access denied: session streams need/,
    );
    expect(scenes(harness, carol.id)).toEqual([]);
  });
});

const subscriber = (name: string, sessionStreams: boolean) => ({
  manifest: {
    name,
    version: "1.0.0",
    type: "lua",
    "lua-plugin": { entry: "main.lua" },
    ...(sessionStreams ? { session_streams: true } : {}),
  },
  files: {
    "main.lua": `
function on_session_subscribe(character_id, player_id, session_id)
  if character_id == "" or player_id == "" then return nil end
  return { "scene:${name}", "scene:" .. session_id .. ":ic", "channel:public", 42 }
end`,
  },
});

describe("on_session_subscribe", { timeout: 30_000 }, () => {
  it("joins a new session to the scenes it names (session_streams: true)", async () => {
    harness = await startLuaHost({ greeter: subscriber("greeter", true) });
    expect(harness.report.failed).toEqual([]);
    const alice = await harness.host.connect("Alice");
    await vi.waitFor(() => expect(scenes(harness as LuaHarness, alice.id)).toEqual(["greeter", alice.id]));
  });

  it("is not called without session_streams, nor after the plugin is unloaded", async () => {
    harness = await startLuaHost({
      control: subscriber("control", true),
      plain: subscriber("plain", false),
      gone: subscriber("gone", true),
    });
    await harness.host.plugins.unload("gone");
    const alice = await harness.host.connect("Alice");
    await vi.waitFor(() => expect(scenes(harness as LuaHarness, alice.id)).toContain("control"));
    await harness.host.bus.idle();
    expect(scenes(harness, alice.id).sort()).toEqual([alice.id, "control"].sort());
  });

  it("takes at most 32 streams from one answer", async () => {
    harness = await startLuaHost({
      flood: {
        manifest: { ...subscriber("flood", true).manifest },
        files: {
          "main.lua": `
function on_session_subscribe()
  local out = {}
  for i = 1, 5000 do out[i] = "scene:s" .. i end
  return out
end`,
        },
      },
    });
    const alice = await harness.host.connect("Alice");
    await vi.waitFor(() => expect(scenes(harness as LuaHarness, alice.id)).toHaveLength(32), { timeout: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(scenes(harness, alice.id)).toHaveLength(32);
  });

  it("an operator policy forbidding a plugin's focus writes keeps sessions out of its scenes", async () => {
    harness = await startLuaHost(
      { control: subscriber("control", true), greeter: subscriber("greeter", true) },
      {
        hostPolicies: [
          {
            name: "no-greeter-focus",
            policy: `@id("no-greeter-focus")
forbid (principal == Plugin::"greeter", action == Action::"write", resource is Focus);`,
          },
        ],
      },
    );
    const alice = await harness.host.connect("Alice");
    await vi.waitFor(() => expect(scenes(harness as LuaHarness, alice.id)).toContain("control"));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(scenes(harness, alice.id).sort()).toEqual([alice.id, "control"].sort());
  });
});
