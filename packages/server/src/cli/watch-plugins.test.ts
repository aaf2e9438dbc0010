/**
 * Edit-and-reload through the real host and real file watching: an edit to
 * main.lua reloads the plugin, a broken edit keeps the old version, players
 * are told, KV stays; a plugin with a build script is rebuilt (a real
 * `npm run build`) before it reloads.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HostError } from "@holomush/host";
import { createHost, HostErrorCode } from "@holomush/host";
import { CommandStatus } from "@holomush/proto";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { type LuaHarness, startLuaHost } from "../test-support/lua-host.js";
import { type PluginWatcher, watchPlugins } from "./watch-plugins.js";

let harness: LuaHarness | undefined;
let watcher: PluginWatcher | undefined;
afterEach(async () => {
  await watcher?.close();
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

describe("watchPlugins: a Lua plugin", () => {
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
    watcher = watchPlugins(host, {
      debounceMs: 50,
      report: () => undefined,
      onReload: (name, error) => {
        reloads.push({ name, error });
        settle();
      },
    });
    const nextReload = () => new Promise<void>((resolve) => (settle = resolve));
    await watcher.ready;
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
      expect.stringMatching(
        /^\[host\] An update to notes did not load; the previous version is still running\. LUA_SYNTAX_ERROR: .*main\.lua:3:/,
      ),
    ]);
  });
});

/** An in-process plugin whose package.json builds dist/plugin.mjs from src/plugin.src.mjs (a real `npm run build`). */
async function writeBuiltPlugin(root: string, reply: string): Promise<string> {
  const dir = join(root, "built");
  await mkdir(join(dir, "src"), { recursive: true });
  await writeFile(
    join(dir, "plugin.yaml"),
    "name: built\nversion: 1.0.0\ntype: inproc\ninproc-plugin:\n  module: dist/plugin.mjs\ncommands:\n  - name: built\n    help: answers with its version\n",
  );
  await writeFile(
    join(dir, "package.json"),
    JSON.stringify({ name: "built", private: true, scripts: { build: "node build.mjs" } }),
  );
  // The "compiler": copies the source, and fails on a source that says so (a type error, say).
  await writeFile(
    join(dir, "build.mjs"),
    `import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
const text = readFileSync("src/plugin.src.mjs", "utf8");
if (text.includes("BROKEN")) { console.error("src/plugin.src.mjs:1: error: broken on purpose"); process.exit(1); }
mkdirSync("dist", { recursive: true });
writeFileSync("dist/plugin.mjs", text);
`,
  );
  await writeSource(dir, reply);
  await mkdir(join(dir, "dist"), { recursive: true });
  await writeFile(join(dir, "dist", "plugin.mjs"), source(reply));
  return dir;
}

const source = (reply: string) =>
  `export const plugin = { handleCommand() { return { status: 1, output: ${JSON.stringify(reply)} }; } };\n`;
const writeSource = (dir: string, reply: string, extra = "") =>
  writeFile(join(dir, "src", "plugin.src.mjs"), `${extra}${source(reply)}`);

describe("watchPlugins: a plugin with a build script", () => {
  it("rebuilds and reloads on a source edit; a failed build keeps the old version and tells builders only", {
    timeout: 60_000,
  }, async () => {
    const root = await mkdtemp(join(tmpdir(), "holomush-watch-"));
    const dir = await writeBuiltPlugin(root, "v1");
    const host = await createHost({ pluginDirs: [root], logger: pino({ level: "silent" }) });
    try {
      expect((await host.start()).loaded).toEqual(["built"]);
      const lines: Array<[string, boolean]> = [];
      let settle: (error: HostError | undefined) => void = () => undefined;
      const watcher = watchPlugins(host, {
        debounceMs: 50,
        builders: ["Bob"],
        report: (line, ok) => lines.push([line, ok]),
        onReload: (_name, error) => settle(error),
      });
      try {
        await watcher.ready;
        const next = () => new Promise<HostError | undefined>((resolve) => (settle = resolve));
        const alice = await host.connect("Alice");
        const bob = await host.connect("Bob");
        const heard = (sessionId: string) => {
          const texts: string[] = [];
          host.sessionOutput.subscribe(sessionId, (message) => message.kind === "text" && texts.push(message.text));
          return texts;
        };
        const aliceHeard = heard(alice.id);
        const bobHeard = heard(bob.id);
        expect((await host.execute(alice.id, "built"))?.output).toBe("v1");

        let reloaded = next();
        await writeSource(dir, "v2");
        expect(await reloaded).toBeUndefined();
        expect((await host.execute(alice.id, "built"))?.output).toBe("v2");

        reloaded = next();
        await writeSource(dir, "v3", "// BROKEN\n");
        const failure = await reloaded;
        expect(failure?.message).toMatch(/build failed \(exit 1\): .*broken on purpose/);
        expect((await host.execute(alice.id, "built"))?.output).toBe("v2");

        expect(lines).toEqual([
          ["built: building…", true],
          ["built: reloaded", true],
          ["built: building…", true],
          [
            expect.stringMatching(
              /^built: update refused, the previous version keeps running — PLUGIN_LOAD_FAILED: build failed/,
            ),
            false,
          ],
        ]);
        expect(bobHeard).toEqual([
          "[host] built was updated.",
          expect.stringMatching(/^\[host\] An update to built did not load; the previous version is still running\./),
        ]);
        expect(aliceHeard).toEqual([]);
      } finally {
        await watcher.close();
      }
    } finally {
      await host.stop();
      await rm(root, { recursive: true, force: true });
    }
  });
});
