/**
 * Edit-and-reload through the real host: an edit to main.lua reloads the
 * plugin, a broken edit keeps the old version, players are told, KV stays.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CommandStatus } from "@holomush/proto";
import { afterEach, describe, expect, it } from "vitest";
import type { HostError } from "../errors.js";
import { HostErrorCode } from "../errors.js";
import { type LuaHarness, startLuaHost } from "../runtimes/lua/__fixtures__/lua-host-harness.js";
import { type LuaWatcher, watchLuaPlugins } from "./watch-lua-plugins.js";

let harness: LuaHarness | undefined;
let watcher: LuaWatcher | undefined;
afterEach(async () => {
  watcher?.close();
  await harness?.stop();
  harness = undefined;
});

const version = (reply: string) => `
local kv = _G["kv"]
function on_command(ctx)
  if ctx.args ~= "" then kv.Set({key = "note", value = ctx.args}) end
  local got = kv.Get({key = "note"})
  return "${reply} " .. ((got and got.value) or "-")
end
`;

describe("watchLuaPlugins", () => {
  it("reloads on edit, keeps the old version on a broken edit, tells players, keeps KV", {
    timeout: 30_000,
  }, async () => {
    harness = await startLuaHost({
      notes: {
        manifest: {
          name: "notes",
          version: "1.0.0",
          type: "lua",
          requires: [{ capability: "kv" }],
          "lua-plugin": { entry: "main.lua" },
          commands: [{ name: "note", help: "remember a note" }],
        },
        files: { "main.lua": version("v1") },
      },
    });
    const { host } = harness;
    const reloads: Array<{ name: string; error: HostError | undefined }> = [];
    let settle: () => void = () => undefined;
    watcher = watchLuaPlugins(host, {
      debounceMs: 50,
      onReload: (name, error) => {
        reloads.push({ name, error });
        settle();
      },
    });
    const nextReload = () => new Promise<void>((resolve) => (settle = resolve));
    const alice = await host.connect("Alice");
    const told: string[] = [];
    host.sessionOutput.subscribe(alice.id, (message) => message.kind === "text" && told.push(message.text));
    expect((await host.execute(alice.id, "note keep me"))?.output).toBe("v1 keep me");

    const main = join(harness.root, "notes", "main.lua");
    let reloaded = nextReload();
    await writeFile(main, version("v2"));
    await reloaded;
    expect((await host.execute(alice.id, "note"))?.output).toBe("v2 keep me");

    reloaded = nextReload();
    await writeFile(main, "function on_command(ctx)\n  return 'v3' ..\nend\n");
    await reloaded;
    expect(reloads.map((r) => [r.name, r.error?.code])).toEqual([
      ["notes", undefined],
      ["notes", HostErrorCode.LUA_SYNTAX_ERROR],
    ]);
    expect(await host.execute(alice.id, "note")).toMatchObject({ status: CommandStatus.OK, output: "v2 keep me" });
    expect(told).toEqual([
      "[host] notes was updated.",
      "[host] An update to notes did not load; the previous version is still running.",
    ]);
  });
});
