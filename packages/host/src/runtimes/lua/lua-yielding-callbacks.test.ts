/**
 * Host calls that wait on storage inside a `string.gsub` callback or a
 * `table.sort` comparator: both run in Lua here (lua-prelude.ts), so the
 * callback may yield; their results match C's versions.
 */
import { CommandStatus } from "@holomush/proto";
import { afterEach, describe, expect, it } from "vitest";
import { type LuaHarness, startLuaHost } from "./__fixtures__/lua-host-harness.js";

let harness: LuaHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const PLUGIN = `
local kv = _G["kv"]
local function get(key) local r = kv.Get({key = key}) return r and r.value end
function on_command(ctx)
  if ctx.args == "setup" then
    kv.Set({key = "rank:pear", value = "1"}) kv.Set({key = "rank:apple", value = "3"}) kv.Set({key = "rank:fig", value = "2"})
    kv.Set({key = "word:cat", value = "lion"}) kv.Set({key = "word:dog", value = "wolf"})
    return "ok"
  elseif ctx.args == "sort" then
    local fruit = {"apple", "fig", "pear"}
    table.sort(fruit, function(a, b) return tonumber(get("rank:" .. a)) < tonumber(get("rank:" .. b)) end)
    return table.concat(fruit, ",")
  elseif ctx.args == "gsub" then
    local out, n = ("the cat and the dog and the cow"):gsub("%a+", function(w) return get("word:" .. w) end)
    return out .. " " .. n
  elseif ctx.args == "parity" then
    -- Each case: the Lua gsub (function replacement) against C's (string replacement).
    local cases = {
      {"hello world", "%w*", "<%0>", function(w) return "<" .. w .. ">" end},
      {"hello world", "o", "0", function() return "0" end, 1},
      {"abc", "", "-", function() return "-" end},
      {"hello", "^h", "H", function() return "H" end},
      {"hello hello", "^(h)(e)", "%2%1", function(h, e) return e .. h end},
      {"key=val, a=b", "(%w+)=(%w+)", "%2=%1", function(k, v) return v .. "=" .. k end},
      {"abc", "()b()", "[%1%2]", function(p, q) return "[" .. p .. q .. "]" end},
      {"x y z", "%s", "_", function() return "_" end, 0},
      {"", "x*", "!", function() return "!" end},
      {"aaa", "a-", ".", function() return "." end},
      {12345, 3, "three", function() return "three" end},
    }
    local out = {}
    for i, c in ipairs(cases) do
      local a, an = string.gsub(c[1], c[2], c[4], c[5])
      local b, bn = string.gsub(c[1], c[2], c[3], c[5])
      out[#out + 1] = (a == b and an == bn) and "same" or (i .. ": " .. a .. "/" .. an .. " vs " .. b .. "/" .. bn)
    end
    local kept = ("one two"):gsub("%a+", function(w) if w == "one" then return false end return w:upper() end)
    local ok, err = pcall(string.gsub, "abc", "b", function() return {} end)
    out[#out + 1] = kept
    out[#out + 1] = tostring(ok) .. " " .. err
    -- Sorting: the Lua merge sort agrees with C's sort; it is stable.
    local nums, copy = {}, {}
    local seed = 7
    for i = 1, 200 do seed = (seed * 1103515245 + 12345) % 2147483648 nums[i] = seed % 1000 copy[i] = nums[i] end
    table.sort(nums, function(a, b) return a < b end)
    string.format("%d", 1)
    table.sort(copy)
    local same = true
    for i = 1, 200 do if nums[i] ~= copy[i] then same = false end end
    local pairs_ = {{k = 1, v = "a"}, {k = 0, v = "b"}, {k = 1, v = "c"}, {k = 0, v = "d"}}
    table.sort(pairs_, function(x, y) return x.k < y.k end)
    local order = {}
    for i, p in ipairs(pairs_) do order[i] = p.v end
    out[#out + 1] = tostring(same) .. " " .. table.concat(order)
    local sort_ok, sort_err = pcall(table.sort, {3, 1}, 5)
    out[#out + 1] = tostring(sort_ok) .. " " .. sort_err
    return table.concat(out, "\\n")
  end
end`;

describe("host calls inside gsub and sort callbacks", { timeout: 30_000 }, () => {
  it("yield to storage inside a table.sort comparator and a string.gsub callback", async () => {
    harness = await startLuaHost({
      cb: {
        manifest: {
          name: "cb",
          version: "1.0.0",
          type: "lua",
          "lua-plugin": { entry: "main.lua" },
          requires: [{ capability: "kv" }],
          commands: [{ name: "cb", help: "c" }],
        },
        files: { "main.lua": PLUGIN },
      },
    });
    expect(harness.report.failed).toEqual([]);
    const alice = await harness.host.connect("Alice");
    expect(await harness.host.execute(alice.id, "cb setup")).toMatchObject({ output: "ok" });
    expect(await harness.host.execute(alice.id, "cb sort")).toMatchObject({
      status: CommandStatus.OK,
      output: "pear,fig,apple",
    });
    expect(await harness.host.execute(alice.id, "cb gsub")).toMatchObject({
      status: CommandStatus.OK,
      output: "the lion and the wolf and the cow 8",
    });
  });

  it("gives C's results for every gsub and sort form", async () => {
    harness = await startLuaHost({
      cb: {
        manifest: {
          name: "cb",
          version: "1.0.0",
          type: "lua",
          "lua-plugin": { entry: "main.lua" },
          requires: [{ capability: "kv" }],
          commands: [{ name: "cb", help: "c" }],
        },
        files: { "main.lua": PLUGIN },
      },
    });
    const alice = await harness.host.connect("Alice");
    const result = await harness.host.execute(alice.id, "cb parity");
    expect(result?.output.split("\n")).toEqual([
      ...Array(11).fill("same"),
      "one TWO",
      "false invalid replacement value (a table)",
      "true bdac",
      "false bad argument #2 to 'sort' (function expected, got number)",
    ]);
  });
});
