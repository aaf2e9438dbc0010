/**
 * The sandbox through the real host: removed globals, bytecode, the memory
 * cap, a runaway string, and load-time errors with file and line.
 */
import { mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CommandStatus } from "@holomush/proto";
import { afterEach, describe, expect, it } from "vitest";
import { HostErrorCode } from "../../errors.js";
import { type LuaHarness, startLuaHost, writePlugin } from "./__fixtures__/lua-host-harness.js";

let harness: LuaHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const manifest = (name: string, section: Record<string, unknown> = {}) => ({
  name,
  version: "1.0.0",
  type: "lua",
  "lua-plugin": { entry: "main.lua", ...section },
  commands: [{ name: "run", help: "run a probe" }],
});

const PROBE = `
function on_command(ctx)
  if ctx.args == "escapes" then
    local out = {}
    for _, name in ipairs({"os", "io", "debug", "package", "require", "dofile", "loadfile", "load", "loadstring", "coroutine", "utf8"}) do
      out[#out + 1] = name .. "=" .. type(_G[name])
    end
    out[#out + 1] = "dump=" .. type(string.dump)
    out[#out + 1] = "unpack=" .. type(unpack)
    out[#out + 1] = "getn=" .. table.getn({1, 2, 3})
    out[#out + 1] = "float=" .. (10 / 2)
    out[#out + 1] = "idiv=" .. (7 // 2) .. "," .. math.floor(7 / 2) .. "," .. string.format("%d", 3.0)
    out[#out + 1] = "fmtfrac=" .. tostring(pcall(string.format, "%d", 3.5))
    return table.concat(out, " ")
  elseif ctx.args == "rep" then
    local s = string.rep("x", 1024 * 1024 * 1024)
    return "got " .. #s
  elseif ctx.args == "grow" then
    local t = {}
    for i = 1, 1e8 do t[i] = {i} end
    return "never"
  elseif ctx.args == "caught" then
    local ok, err = pcall(string.rep, "x", 1024 * 1024 * 1024)
    return "caught " .. tostring(ok) .. " " .. tostring(err)
  elseif ctx.args == "sortspin" then
    -- A metamethod C's sort calls (no comparator): it cannot yield.
    local mt = {__lt = function(a, b) while true do end end}
    local t = {setmetatable({}, mt), setmetatable({}, mt), setmetatable({}, mt)}
    table.sort(t)
  elseif ctx.args == "spin" then
    while true do end
  elseif ctx.args == "globals" then
    counter = (counter or 0) + 1
    return "counter " .. counter
  end
  return "ok"
end
`;

describe("the Lua sandbox", () => {
  it("removes os, io, debug, package, require, file and bytecode loading; keeps 5.1 names", async () => {
    harness = await startLuaHost({ probe: { manifest: manifest("probe"), files: { "main.lua": PROBE } } });
    const alice = await harness.host.connect("Alice");
    const result = await harness.host.execute(alice.id, "run escapes");
    expect(result?.output).toBe(
      "os=nil io=nil debug=nil package=nil require=nil dofile=nil loadfile=nil load=nil loadstring=nil coroutine=nil utf8=nil dump=nil unpack=function getn=3 float=5.0 idiv=3,3,3 fmtfrac=false",
    );
  });

  it("turns a 1 GiB string.rep and a growing table into errors for that call only", async () => {
    const logs: string[] = [];
    harness = await startLuaHost(
      { probe: { manifest: manifest("probe", { "max-memory-bytes": 8 * 1024 * 1024 }), files: { "main.lua": PROBE } } },
      { logs },
    );
    const alice = await harness.host.connect("Alice");
    const rep = await harness.host.execute(alice.id, "run rep");
    expect(rep).toMatchObject({ status: CommandStatus.FATAL });
    const grow = await harness.host.execute(alice.id, "run grow");
    expect(grow).toMatchObject({ status: CommandStatus.FATAL });
    // The player is told the call failed; the reason is the operator's, in the host log.
    const failures = logs
      .map((line) => JSON.parse(line) as { msg: string; command?: string; code?: string; err?: { message: string } })
      .filter((line) => line.msg === "command failed");
    expect(failures).toHaveLength(2);
    for (const failure of failures) {
      expect(failure).toMatchObject({ command: "run", code: HostErrorCode.LUA_MEMORY_LIMIT });
      expect(failure.err?.message).toContain("not enough memory");
    }
    const caught = await harness.host.execute(alice.id, "run caught");
    expect(caught?.output).toBe("caught false not enough memory");
    // The plugin answers the next call normally.
    expect((await harness.host.execute(alice.id, "run"))?.output).toBe("ok");
  });

  it("stops a loop inside a non-yieldable C call (__lt called by table.sort) without waiting for the deadline", async () => {
    const logs: string[] = [];
    harness = await startLuaHost({ probe: { manifest: manifest("probe"), files: { "main.lua": PROBE } } }, { logs });
    const alice = await harness.host.connect("Alice");
    const stuck = await harness.host.execute(alice.id, "run sortspin");
    expect(stuck).toMatchObject({ status: CommandStatus.FAILURE });
    // Stopped by the blocking limit, not by the (later) deadline.
    expect(logs.some((line) => line.includes("held the host inside a non-yieldable call"))).toBe(true);
    const metrics = harness.host.plugins.get("probe")?.instance.metrics?.();
    expect(metrics).toMatchObject({ timeouts: 1 });
    expect((await harness.host.execute(alice.id, "run"))?.output).toBe("ok");
  });

  it("runs every call in a fresh state: globals do not survive", async () => {
    harness = await startLuaHost({ probe: { manifest: manifest("probe"), files: { "main.lua": PROBE } } });
    const alice = await harness.host.connect("Alice");
    expect((await harness.host.execute(alice.id, "run globals"))?.output).toBe("counter 1");
    expect((await harness.host.execute(alice.id, "run globals"))?.output).toBe("counter 1");
  });

  it("with state: persistent, keeps globals between calls and starts over after a stopped call", async () => {
    harness = await startLuaHost({
      probe: { manifest: manifest("probe", { state: "persistent", "timeout-ms": 300 }), files: { "main.lua": PROBE } },
    });
    const alice = await harness.host.connect("Alice");
    expect((await harness.host.execute(alice.id, "run globals"))?.output).toBe("counter 1");
    expect((await harness.host.execute(alice.id, "run globals"))?.output).toBe("counter 2");
    expect(await harness.host.execute(alice.id, "run spin")).toMatchObject({ status: CommandStatus.FAILURE });
    expect((await harness.host.execute(alice.id, "run globals"))?.output).toBe("counter 1");
  });

  it("refuses a syntax error at load with LUA_SYNTAX_ERROR naming file and line", async () => {
    harness = await startLuaHost({
      broken: {
        manifest: manifest("broken"),
        files: { "main.lua": "function on_command(ctx)\n  return 'x' ..\nend\n" },
      },
    });
    expect(harness.report.failed).toHaveLength(1);
    const error = harness.report.failed[0]?.error;
    expect(error?.code).toBe(HostErrorCode.LUA_SYNTAX_ERROR);
    expect(error?.message).toMatch(/^main\.lua:3: /);
    expect(error?.file).toMatch(/broken\/main\.lua$/);
    expect(error?.field).toBe("line 3");
  });

  it("refuses a precompiled (bytecode) entry script: chunks load as text only", async () => {
    harness = await startLuaHost({
      bytecode: { manifest: manifest("bytecode"), files: { "main.lua": "\u001bLua\u0054\u0000garbage" } },
    });
    expect(harness.report.failed[0]?.error.code).toBe(HostErrorCode.LUA_SYNTAX_ERROR);
    expect(harness.report.failed[0]?.error.message).toContain("attempt to load a binary chunk");
  });

  it("refuses a failing top level at load", async () => {
    harness = await startLuaHost({
      fails: { manifest: manifest("fails"), files: { "main.lua": "error('no config')" } },
    });
    expect(harness.report.failed[0]?.error).toMatchObject({ code: HostErrorCode.PLUGIN_LOAD_FAILED });
    expect(harness.report.failed[0]?.error.message).toContain("no config");
  });

  it("refuses an entry script that is a symlink leading out of the plugin directory", async () => {
    const outside = await mkdtemp(join(tmpdir(), "lua-outside-"));
    await writeFile(join(outside, "evil.lua"), "function on_command() return 'escaped' end");
    const root = await mkdtemp(join(tmpdir(), "lua-link-"));
    const dir = await writePlugin(root, "linked", { manifest: manifest("linked"), files: {} });
    await symlink(join(outside, "evil.lua"), join(dir, "main.lua"));
    harness = await startLuaHost({}, { extraDirs: [root] });
    expect(harness.report.failed[0]?.error).toMatchObject({
      code: HostErrorCode.PATH_ESCAPES_PLUGIN_DIR,
      field: "lua-plugin.entry",
    });
    await rm(outside, { recursive: true, force: true });
    await rm(root, { recursive: true, force: true });
  });
});
