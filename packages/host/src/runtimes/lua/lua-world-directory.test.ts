/**
 * The world globals (`world.query`, `world.mutation`) reach the embedder's
 * world only through the host's WorldDirectory: a directory of its own
 * answers them, and a method the directory does not offer fails the call
 * with SERVICE_UNAVAILABLE instead of reaching some other world.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { DirectoryCharacter, WorldDirectory } from "../../world/world-directory.js";
import { type LuaHarness, startLuaHost } from "./__fixtures__/lua-host-harness.js";

let harness: LuaHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const PROBE = `
local query, mutation = _G["world.query"], _G["world.mutation"]
function on_command(ctx)
  local out = {}
  local function add(...) local parts = {} for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end out[#out + 1] = table.concat(parts, " ") end
  local here, err = query.QueryLocation({location_id = ctx.location_id})
  add(here and here.name, here and here.exits[1] and here.exits[1].to_id, err)
  local me, err2 = query.QueryCharacter({character_id = ctx.character_id})
  add(me and me.name, me and me.location_id, me and me.online, err2)
  local present, err3 = query.QueryLocationCharacters({location_id = ctx.location_id})
  add(present and #present.characters, err3)
  add(query.FindLocation({name = "Cellar"}))
  add(mutation.CreateLocation({name = "Attic"}))
  add(mutation.CreateExit({from_id = ctx.location_id, name = "up", to_id = "attic"}))
  local lamp, err4 = mutation.CreateObject({name = "lamp", location_id = ctx.location_id})
  add(lamp and lamp.location_id, err4)
  local coin = mutation.CreateObject({name = "coin", character_id = ctx.character_id})
  add(coin.character_id == ctx.character_id)
  return table.concat(out, "\\n")
end`;

const plugin = {
  manifest: {
    name: "prober",
    version: "1.0.0",
    type: "lua",
    "lua-plugin": { entry: "main.lua" },
    requires: [{ capability: "world.query" }, { capability: "world.mutation" }],
    commands: [{ name: "probe", help: "p" }],
  },
  files: { "main.lua": PROBE },
};

/** An embedder's world: one hall with a door to a yard, guests in it; no finding or building. */
function guestHall(): WorldDirectory {
  const guests = new Map<string, DirectoryCharacter>();
  return {
    resolveCharacter(name) {
      const guest = guests.get(name) ?? { id: `guest-${name.toLowerCase()}`, name, locationId: "hall", online: true };
      guests.set(name, guest);
      return guest;
    },
    locationOf: (id) => [...guests.values()].find((guest) => guest.id === id)?.locationId,
    describeCharacter: (id) => [...guests.values()].find((guest) => guest.id === id),
    describeLocation: (id) =>
      id === "hall"
        ? { id, name: "The Hall", description: "", exits: [{ name: "out", toLocationId: "yard" }] }
        : undefined,
    charactersAt: (id) => [...guests.values()].filter((guest) => guest.locationId === id),
  };
}

const unavailable = (method: string) =>
  `nil SERVICE_UNAVAILABLE: this host's world directory does not offer ${method} (WorldDirectory.${method})`;

describe("the Lua world globals go through the host's WorldDirectory", { timeout: 30_000 }, () => {
  it("answer from the embedder's directory, and refuse what it does not offer with SERVICE_UNAVAILABLE", async () => {
    harness = await startLuaHost({ prober: plugin }, { directory: guestHall() });
    expect(harness.report.failed).toEqual([]);
    await harness.host.connect("Bob");
    const ada = await harness.host.connect("Ada");
    const result = await harness.host.execute(ada.id, "probe");
    expect(result?.output.split("\n")).toEqual([
      "The Hall yard nil",
      "Ada hall true nil",
      "2 nil",
      unavailable("findLocation"),
      unavailable("createLocation"),
      unavailable("createExit"),
      "hall nil",
      "true",
    ]);
  });

  it("without a directory of the embedder's (the engine's default) there are no rooms to query or build", async () => {
    harness = await startLuaHost({ prober: plugin }, { directory: "engine-default" });
    const ada = await harness.host.connect("Ada");
    expect(ada.locationId).toBe("nowhere");
    const result = await harness.host.execute(ada.id, "probe");
    expect(result?.output.split("\n")).toEqual([
      `nil nil ${unavailable("describeLocation").slice(4)}`,
      "Ada nowhere true nil",
      `nil ${unavailable("charactersAt").slice(4)}`,
      unavailable("findLocation"),
      unavailable("createLocation"),
      unavailable("createExit"),
      `nil ${unavailable("describeLocation").slice(4)}`,
      "true",
    ]);
  });
});
