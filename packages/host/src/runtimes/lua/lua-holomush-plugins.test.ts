/**
 * Plugins written the way HoloMUSH's own are (plugin.yaml in its newest
 * form + main.lua), through the real host: commands, the holo standard
 * library, holomush.* and the capability globals.
 */
import { CommandStatus } from "@holomush/proto";
import { afterEach, describe, expect, it } from "vitest";
import { type LuaHarness, recordEvents, startLuaHost } from "./__fixtures__/lua-host-harness.js";

let harness: LuaHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const HELP_YAML = `
name: lua-help
version: 1.0.0
type: lua
load_priority: -1000
events: []
lua-plugin:
  entry: main.lua
commands:
  - name: assist
    capabilities: []
    help: "Display help for commands"
    usage: "assist [command]"
    helpText: |-
      ## Assist
      Lists commands.
policies:
  - name: execute-assist
    dsl: >-
      permit(principal is character, action in ["execute"], resource is command) when { resource.command.name == "assist" };
`;

const HELP_LUA = `
local function trim(s) return s:match("^%s*(.-)%s*$") end
function on_command(ctx)
  local args = trim(ctx.args or "")
  if args == "" then
    local result, err = holomush.list_commands(ctx.character_id)
    if err then return {status = 2, output = err} end
    local rows = {}
    for _, cmd in ipairs(result.commands) do table.insert(rows, {cmd.name, cmd.help or ""}) end
    table.sort(rows, function(a, b) return a[1] < b[1] end)
    return holo.fmt.header("Commands") .. "\\n" .. holo.fmt.table({headers = {"Command", "Description"}, rows = rows})
  end
  local info, err = holomush.get_command_help(args, ctx.character_id)
  if err then return {status = 1, output = "Unknown command: " .. args .. " (" .. err .. ")"} end
  return info.name .. "|" .. (info.usage or "") .. "|" .. (info.help_text or "") .. "|" .. info.source
end
`;

const BUILD_YAML = `
name: lua-building
version: 1.0.0
type: lua
lua-plugin:
  entry: main.lua
requires:
  - capability: world.query
  - capability: world.mutation
commands:
  - name: dig
    capabilities:
      - action: write
        resource: location
        scope: local
    help: "Create a new location with connecting exit"
    usage: 'dig <exit> to "<location>" [return <exit>]'
`;

const BUILD_LUA = `
local world_query = _G["world.query"]
local world_mutation = _G["world.mutation"]
function on_command(ctx)
  local exit_name, loc_name, back = ctx.args:match('^(%S+)%s+to%s+"([^"]+)"%s+return%s+(%S+)$')
  if not exit_name then return {status = 1, output = "usage"} end
  local loc, err = world_mutation.CreateLocation({name = loc_name, description = "", type = "persistent"})
  if err then return {status = 2, output = err} end
  local _, exit_err = world_mutation.CreateExit({from_id = ctx.location_id, to_id = loc.id, name = exit_name, bidirectional = true, return_name = back})
  if exit_err then return {status = 2, output = exit_err} end
  local found, find_err = world_query.FindLocation({name = loc_name})
  local here = world_query.QueryLocation({location_id = ctx.location_id})
  local bad, type_err = world_query.QueryLocation({location_id = 42})
  local _, elsewhere = world_mutation.CreateExit({from_id = loc.id, to_id = ctx.location_id, name = "sneak"})
  if elsewhere then holomush.log("info", elsewhere) end
  if not elsewhere then return "built from elsewhere" end
  return 'Created "' .. found.name .. '" from ' .. here.name .. " " .. tostring(bad) .. " " .. type_err
end
`;

const COMM_YAML = `
name: lua-talk
version: 1.0.0
type: lua
emits: [location, character]
lua-plugin:
  entry: main.lua
requires:
  - capability: session
  - capability: session.admin
commands:
  - name: chat
    aliases: [";"]
    capabilities:
      - action: emit
        resource: stream
        scope: ""
    help: "Say something"
  - name: tell
    help: "Page someone"
  - name: shout
    help: "Broadcast"
`;

const COMM_LUA = `
local session_caps = _G["session"]
local session_admin = _G["session.admin"]
holomush.register_emit_type("chat")
function on_command(ctx)
  if ctx.command == "chat" then
    local payload = holo.comm.pose(ctx.character_id, ctx.character_name, ctx.invoked_as, ctx.args)
    if payload == "" then return {status = 1, output = "What?"} end
    holo.emit.location(ctx.location_id, "chat", {message = ctx.character_name .. " " .. ctx.args, invoked = ctx.invoked_as})
    return {status = 0, output = "", events = holo.emit.flush()}
  elseif ctx.command == "tell" then
    local name, msg = ctx.args:match("^(%S+)=(.+)$")
    local resp, err = session_caps.FindByName({name = name})
    if err then return {status = 2, output = err} end
    local target = resp and resp.session
    if not target then return {status = 1, output = "No one named " .. name} end
    session_caps.SetLastWhispered({session_id = ctx.session_id, name = target.character_name})
    local me = session_caps.FindByName({name = ctx.character_name}).session
    return {status = 0, output = "You paged " .. target.character_name .. " (last " .. me.last_whispered .. ")",
      events = {{subject = "character." .. target.character_id, type = "page", payload = '{"message":"' .. msg .. '"}', sensitive = true}}}
  else
    local list = session_caps.ListActive({})
    local _, err = session_admin.Broadcast({message = "[WALL] " .. ctx.args .. "\\27[2J"})
    if err then return {status = 2, output = err} end
    return "Announcement sent to " .. #list.sessions .. " sessions."
  end
end
`;

describe("HoloMUSH-style Lua plugins in the host", () => {
  it("help: list_commands, get_command_help and holo.fmt.table", async () => {
    harness = await startLuaHost({ help: { manifest: HELP_YAML, files: { "main.lua": HELP_LUA } } });
    expect(harness.report.failed).toEqual([]);
    const alice = await harness.host.connect("Alice");
    const listed = await harness.host.execute(alice.id, "assist");
    expect(listed?.status).toBe(CommandStatus.OK);
    expect(listed?.output).toBe(
      "\u001b[1mCommands\u001b[0m\nCommand  Description              \n-------  -------------------------\nassist   Display help for commands",
    );
    const one = await harness.host.execute(alice.id, "assist assist");
    expect(one?.output).toBe("assist|assist [command]|## Assist\nLists commands.|lua-help");
    const missing = await harness.host.execute(alice.id, "assist nope");
    expect(missing).toMatchObject({
      status: CommandStatus.ERROR,
      output: "Unknown command: nope (command not found: nope)",
    });
  });

  it("building: world.query and world.mutation change the host's world", async () => {
    harness = await startLuaHost({ build: { manifest: BUILD_YAML, files: { "main.lua": BUILD_LUA } } });
    expect(harness.report.failed).toEqual([]);
    const alice = await harness.host.connect("Alice");
    const dug = await harness.host.execute(alice.id, 'dig up to "Bell Tower" return down');
    expect(dug?.output).toBe(
      'Created "Bell Tower" from Town Square nil string field location_id expects a string, got number',
    );
    const tower = harness.world.findLocation("Bell Tower");
    expect(tower?.exits.map((e) => e.name)).toEqual(["down"]);
    expect(harness.world.move(alice.characterId, "up").to.name).toBe("Bell Tower");
  });

  it("communication: holo.comm, holo.emit, session and session.admin", async () => {
    harness = await startLuaHost({ talk: { manifest: COMM_YAML, files: { "main.lua": COMM_LUA } } });
    expect(harness.report.failed).toEqual([]);
    const alice = await harness.host.connect("Alice");
    const bob = await harness.host.connect("Bob");
    const heard = recordEvents(harness.host, "location:*");
    const pages = recordEvents(harness.host, "character:*");
    const chat = await harness.host.execute(alice.id, ";'s hat flies off");
    expect(chat).toMatchObject({ status: CommandStatus.OK });
    const told = await harness.host.execute(alice.id, "tell bob=hi there");
    expect(told?.output).toBe("You paged Bob (last Bob)");
    const lines: string[] = [];
    harness.host.sessionOutput.subscribe(bob.id, (m) => m.kind === "text" && lines.push(m.text));
    const wall = await harness.host.execute(alice.id, "shout server restart");
    expect(wall?.output).toBe("Announcement sent to 2 sessions.");
    await harness.host.bus.idle();
    expect(heard.filter((e) => e.type === "chat").map((e) => JSON.parse(e.payload))).toEqual([
      { invoked: ";", message: "Alice 's hat flies off" },
    ]);
    expect(pages.filter((e) => e.type === "page").map((e) => [e.stream, e.payload])).toEqual([
      [`character:${bob.characterId}`, '{"message":"hi there"}'],
    ]);
    // The escape sequence a plugin slipped in is neutralised.
    expect(lines).toEqual(["[WALL] server restart [2J"]);
  });

  it("holo.fmt, holo.comm and JSON encoding give HoloMUSH's exact strings", async () => {
    const PROBE = `
function on_command(ctx)
  local f = holo.fmt
  local out = {
    f.bold("b"), f.italic("i"), f.dim("d"), f.underline("u"), f.header(""), f.color("red", "r"), f.color("nope", "p"),
    f.list({"a", "b"}), f.pairs({z = 1, a = "x"}), f.separator(), f.parse("%xhHi%xn %xrR%xR%x123!%r%b%t%q"),
    holo.comm.say("01H", "Alaric", "  hello  "), holo.comm.pose("01H", "Alaric", ";", "waves"),
    holo.comm.pose("01H", "Alaric", "pose", ":smiles"), holo.comm.ooc("01H", "Alaric", ";'s phone"),
    holo.comm.emit("The ground shakes"), holo.comm.say("01H", "Alaric", "   "),
  }
  holo.emit.global("tick", {b = 2, a = {1, 2}, e = {}, s = "q\\"uote"})
  local q = holo.emit.flush()
  out[#out + 1] = q[1].subject .. " " .. q[1].type .. " " .. q[1].payload
  out[#out + 1] = tostring(holo.emit.flush())
  return table.concat(out, "\\n")
end`;
    harness = await startLuaHost({
      probe: {
        manifest: {
          name: "probe",
          version: "1.0.0",
          type: "lua",
          "lua-plugin": { entry: "main.lua" },
          commands: [{ name: "probe", help: "p" }],
        },
        files: { "main.lua": PROBE },
      },
    });
    const alice = await harness.host.connect("Alice");
    const result = await harness.host.execute(alice.id, "probe");
    expect(result?.output.split("\n")).toEqual([
      "\u001b[1mb\u001b[0m",
      "\u001b[3mi\u001b[0m",
      "\u001b[2md\u001b[0m",
      "\u001b[4mu\u001b[0m",
      "",
      "\u001b[31mr\u001b[0m",
      "p",
      "  - a",
      "  - b",
      "a: x",
      "z: 1",
      "----------------------------------------",
      "\u001b[1mHi\u001b[0m \u001b[31mR\u001b[91m\u001b[38;5;123m!",
      "     %q",
      '{"actor_id":"01H","actor_display_name":"Alaric","text":"hello"}',
      '{"actor_id":"01H","actor_display_name":"Alaric","text":"waves","no_space":true}',
      '{"actor_id":"01H","actor_display_name":"Alaric","text":"smiles"}',
      '{"actor_id":"01H","actor_display_name":"Alaric","text":"\'s phone","ooc_style":"semipose"}',
      '{"text":"The ground shakes"}',
      "",
      'global tick {"a":[1,2],"b":2,"e":[],"s":"q\\"uote"}',
      "nil",
    ]);
  });
});
