/**
 * The capability globals and holomush.* through the real host: each call
 * reaches this host's services via the plugin-bound API and the authorizer;
 * grants decide which globals exist; a read-only grant cannot write.
 */
import { ActorKind } from "@holomush/proto";
import { afterEach, describe, expect, it } from "vitest";
import { type LuaHarness, startLuaHost } from "./__fixtures__/lua-host-harness.js";

let harness: LuaHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const PROBE = `
local kv, prop, hist, focus, session = _G["kv"], _G["property"], _G["stream.history"], _G["focus"], _G["session"]
function on_command(ctx)
  local out = {}
  local function add(...) local parts = {} for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end out[#out + 1] = table.concat(parts, " ") end
  if ctx.args == "grants" then
    add(type(kv), type(prop), type(hist), type(focus), type(session), type(_G["world.query"]))
  elseif ctx.args == "kv" then
    add(kv.Set({key = "k", value = "v1"}))
    local got = kv.Get({key = "k"})
    add(got.value, got.found)
    local missing = kv.Get({key = "nope"})
    add(missing.value, missing.found)
    add(kv.Delete({key = "k"}).deleted)
    add(kv.Get({key = 5}))
    add(prop.SetProperty({entity_type = "character", entity_id = ctx.character_id, property = "mood", value = "calm"}) ~= nil)
    add(prop.GetProperty({entity_type = "character", entity_id = ctx.character_id, property = "mood"}).value)
  elseif ctx.args == "readonly" then
    add(prop.SetProperty({entity_id = "x", property = "p", value = "v"}))
  elseif ctx.args == "history" then
    local page, err = hist.QueryStreamHistory({stream = "location:square", count = 10})
    local last = page.events[#page.events]
    add(err, #page.events, last.type, last.payload)
    local page2 = holomush.query_stream_history({stream = "location:square", count = 1})
    add(#page2.events)
    add(holomush.query_stream_history({stream = "location:square", count = 501}))
  elseif ctx.args == "focus" then
    local joined, err = focus.JoinFocus({session_id = ctx.session_id, kind = "scene", target_id = "s1"})
    add(err or table.concat(joined.streams, ","))
  elseif ctx.args == "deep" then
    local t = {}
    for i = 1, 200000 do t = {t} end
    local cyclic = {} cyclic.self = cyclic
    add(pcall(kv.Set, {key = "k", value = t}))
    add(pcall(kv.Set, {key = "k", value = cyclic}))
    add(kv.Set({key = "k", value = "fine"}) ~= nil)
  elseif ctx.args == "misc" then
    local first, second = holomush.new_request_id(), holomush.new_request_id()
    add(#first, first < second)
    add(holomush.config.string("greeting"), holomush.config.int("limit"), holomush.config.bool("loud"), holomush.config.duration("every"))
    add(holomush.config.string("absent"))
    add(pcall(holomush.config.require_string, "absent"))
    add(pcall(holomush.log, "loud", "x"))
    holomush.log("warn", "probe warning")
    print("printed", 42)
  end
  return table.concat(out, "\\n")
end
`;

const manifest = {
  name: "probe",
  version: "1.0.0",
  type: "lua",
  "lua-plugin": { entry: "main.lua" },
  requires: [
    { capability: "kv" },
    { capability: "property", access: "read" },
    { capability: "stream.history" },
    { capability: "focus" },
  ],
  config: { greeting: { type: "string", default: "hello" }, limit: 7, loud: "true", every: "90s" },
  commands: [{ name: "probe", help: "probe" }],
};

// The operator lets the probe read the square's history (plugins may not grant themselves core streams).
const hostPolicies = [
  {
    name: "probe-reads-square",
    policy: 'permit (principal == Plugin::"probe", action == Action::"read", resource == Stream::"location:square");',
  },
];

describe("capability globals and holomush.*", () => {
  it("injects exactly the granted globals", async () => {
    harness = await startLuaHost({ probe: { manifest, files: { "main.lua": PROBE } } }, { hostPolicies });
    expect(harness.report.failed).toEqual([]);
    const alice = await harness.host.connect("Alice");
    expect((await harness.host.execute(alice.id, "probe grants"))?.output).toBe("table table table table nil nil");
  });

  it("kv and property reach the plugin's KV namespace; defaults are omitted; wrong types are (nil, err); read-only grants cannot write", async () => {
    harness = await startLuaHost({ probe: { manifest, files: { "main.lua": PROBE } } }, { hostPolicies });
    const alice = await harness.host.connect("Alice");
    const result = await harness.host.execute(alice.id, "probe kv");
    expect(result?.output.split("\n")).toEqual([
      expect.stringMatching(/^table: 0x[0-9a-f]+ nil$/), // Set answers an empty table and no error
      "v1 true",
      "nil nil",
      "true",
      "nil string field key expects a string, got number",
      "false", // property is granted read-only: SetProperty answers (nil, err)
      "nil", // so nothing was stored, and the empty value is omitted
    ]);
    expect(await harness.host.kv.get("probe", "k")).toBeUndefined();
    const readonly = await harness.host.execute(alice.id, "probe readonly");
    expect(readonly?.output).toBe("nil access denied: property is granted read-only");
  });

  it("stream.history and holomush.query_stream_history read history as authorized", async () => {
    harness = await startLuaHost({ probe: { manifest, files: { "main.lua": PROBE } } }, { hostPolicies });
    const alice = await harness.host.connect("Alice");
    await harness.host.publish({
      stream: "location:square",
      type: "say",
      payload: '{"message":"earlier"}',
      actorKind: ActorKind.CHARACTER,
      actorId: alice.characterId,
    });
    const result = await harness.host.execute(alice.id, "probe history");
    const lines = result?.output.split("\n") ?? [];
    expect(lines[0]).toMatch(/^nil \d+ /);
    expect(lines[0]).toContain('say {"message":"earlier"}');
    expect(lines.slice(1)).toEqual(["1", "nil count must be at most 500"]);
  });

  it("focus joins the session through the focus coordinator (the base policies let plugins write focus)", async () => {
    harness = await startLuaHost({ probe: { manifest, files: { "main.lua": PROBE } } }, { hostPolicies });
    const alice = await harness.host.connect("Alice");
    const result = await harness.host.execute(alice.id, "probe focus");
    expect(result?.output).toBe("scene:s1:ic,scene:s1:ooc");
    expect(harness.host.sessions.get(alice.id).focus.map((m) => m.target.targetId)).toEqual(["s1"]);
  });

  it("refuses requests too deep or cyclic to convert, and keeps working", async () => {
    harness = await startLuaHost({ probe: { manifest, files: { "main.lua": PROBE } } }, { hostPolicies });
    const alice = await harness.host.connect("Alice");
    const result = await harness.host.execute(alice.id, "probe deep");
    expect(result?.output.split("\n")).toEqual([
      "false request nested deeper than 32 tables",
      "false request contains a cycle",
      "true",
    ]);
    expect((await harness.host.execute(alice.id, "probe grants"))?.output).toBe("table table table table nil nil");
  });

  it("config, request ids, log levels and print", async () => {
    harness = await startLuaHost({ probe: { manifest, files: { "main.lua": PROBE } } }, { hostPolicies });
    const alice = await harness.host.connect("Alice");
    const result = await harness.host.execute(alice.id, "probe misc");
    const lines = result?.output.split("\n") ?? [];
    expect(lines).toEqual([
      "26 true",
      "hello 7 true 90",
      "nil",
      expect.stringMatching(/^false .*config key absent is required$/),
      expect.stringMatching(/^false .*unknown log level loud/),
    ]);
  });

  it("host calls work inside a gsub callback; inside a metamethod C calls only the synchronous ones do", async () => {
    const INSIDE = `
local world, kv = _G["world.query"], _G["kv"]
function on_command(ctx)
  local names = string.gsub("a", "%w", function() return world.QueryLocation({location_id = ctx.location_id}).name end)
  local ok, err = pcall(string.gsub, "a", "%w", function() return kv.Get({key = "k"}).value end)
  local shown = tostring(setmetatable({}, {__tostring = function() return world.QueryLocation({location_id = ctx.location_id}).name end}))
  local ok2, err2 = pcall(tostring, setmetatable({}, {__tostring = function() return kv.Get({key = "k"}).value end}))
  return names .. " | " .. tostring(ok) .. " " .. tostring(err) .. " | " .. shown .. " | " .. tostring(ok2) .. " " .. tostring(err2)
end`;
    harness = await startLuaHost({
      inside: {
        manifest: {
          name: "inside",
          version: "1.0.0",
          type: "lua",
          "lua-plugin": { entry: "main.lua" },
          requires: [{ capability: "world.query" }, { capability: "kv" }],
          commands: [{ name: "inside", help: "probe" }],
        },
        files: { "main.lua": INSIDE },
      },
    });
    const alice = await harness.host.connect("Alice");
    const result = await harness.host.execute(alice.id, "inside");
    // gsub runs in Lua, so KV (asynchronous storage) may wait inside its callback; a
    // metamethod C calls (__tostring) cannot wait, and says so.
    expect(result?.output).toBe("Town Square | true a | Town Square | false attempt to yield across a C-call boundary");
  });
});
