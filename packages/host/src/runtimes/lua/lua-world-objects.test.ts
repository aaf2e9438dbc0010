/**
 * `world.query.QueryObject` and `world.mutation.CreateObject` through the
 * real host, backed by the world's objects (world/world-objects.ts): made
 * here, on the character or in a container that is here; refused elsewhere.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type LuaHarness, startLuaHost } from "./__fixtures__/lua-host-harness.js";

let harness: LuaHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const MAKER = `
local query, mutation = _G["world.query"], _G["world.mutation"]
function on_command(ctx)
  local out = {}
  local function add(...) local parts = {} for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end out[#out + 1] = table.concat(parts, " ") end
  local lantern = mutation.CreateObject({name = "lantern", description = "brass", location_id = ctx.location_id})
  local seen = query.QueryObject({object_id = lantern.id})
  add(seen.name, seen.description, seen.location_id == ctx.location_id, seen.character_id, seen.container_id)
  local wick = mutation.CreateObject({name = "wick", container_id = lantern.id})
  local inside = query.QueryObject({object_id = wick.id})
  add(inside.name, inside.container_id == lantern.id, inside.description)
  local coin = mutation.CreateObject({name = "coin", character_id = ctx.character_id})
  add(query.QueryObject({object_id = coin.id}).character_id == ctx.character_id)
  local garden = query.FindLocation({name = "Quiet Garden"})
  add(mutation.CreateObject({name = "rock", location_id = garden.id}))
  add(mutation.CreateObject({name = "both", location_id = ctx.location_id, character_id = ctx.character_id}))
  add(mutation.CreateObject({name = "  ", location_id = ctx.location_id}))
  add(mutation.CreateObject({name = 5, location_id = ctx.location_id}))
  add(query.QueryObject({object_id = "nope"}))
  return table.concat(out, "\\n")
end`;

describe("world objects from Lua", { timeout: 30_000 }, () => {
  it("creates and queries objects here, on the character and in containers; refuses elsewhere", async () => {
    harness = await startLuaHost({
      maker: {
        manifest: {
          name: "maker",
          version: "1.0.0",
          type: "lua",
          "lua-plugin": { entry: "main.lua" },
          requires: [{ capability: "world.query" }, { capability: "world.mutation" }],
          commands: [{ name: "make", help: "m" }],
        },
        files: { "main.lua": MAKER },
      },
    });
    expect(harness.report.failed).toEqual([]);
    const alice = await harness.host.connect("Alice");
    const result = await harness.host.execute(alice.id, "make");
    expect(result?.output.split("\n")).toEqual([
      "lantern brass true nil nil",
      "wick true nil",
      "true",
      "nil access denied: objects can only be made where you are or on you",
      "nil give exactly one of location_id, character_id, container_id",
      "nil an object's name is 1-128 characters",
      "nil string field name expects a string, got number",
      'nil no object "nope"',
    ]);
  });
});
