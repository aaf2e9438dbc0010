/**
 * HoloMUSH's own Lua plugin directories, unchanged, on this host. Their files
 * are not part of this repository: point HOLOMUSH_LUA_PLUGINS at a folder
 * holding HoloMUSH's `plugins/` directories (echo-bot, core-help,
 * core-building, core-communication) to run this; it is skipped otherwise.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ActorKind, CommandStatus } from "@holomush/proto";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type LuaHarness, recordEvents, startLuaHost } from "./__fixtures__/lua-host-harness.js";

const dir = process.env.HOLOMUSH_LUA_PLUGINS;
const has = (name: string) => dir !== undefined && existsSync(join(dir, name, "plugin.yaml"));

let harness: LuaHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe.skipIf(dir === undefined)("HoloMUSH's Lua plugins, unchanged", () => {
  it("all of them load", async () => {
    harness = await startLuaHost({}, { extraDirs: [dir as string] });
    expect(harness.report.failed.map((f) => `${f.name}: ${f.error.format()}`)).toEqual([]);
  });

  it.skipIf(!has("echo-bot"))("echo-bot echoes a character's say (when its manifest declares emits)", async () => {
    harness = await startLuaHost({}, { extraDirs: [dir as string] });
    const echoes = recordEvents(harness.host, "location:*", "echo-bot");
    await harness.host.publish({
      stream: "location:square",
      type: "say",
      payload: JSON.stringify({ message: "hi" }),
      actorKind: ActorKind.CHARACTER,
      actorId: "c1",
    });
    await harness.host.bus.idle();
    // Every plugin-emitted event needs its namespace in `emits` here (docs/lua.md): an echo-bot
    // manifest without `emits: [location]` loads, but its echo is refused by the emit fence.
    const manifest = parse(readFileSync(join(dir as string, "echo-bot", "plugin.yaml"), "utf8")) as {
      emits?: string[];
    };
    const expected = manifest.emits?.includes("location") ? ['{"message":"Echo: hi"}'] : [];
    expect(echoes.map((e) => e.payload)).toEqual(expected);
  });

  it.skipIf(!has("core-help"))("core-help lists and explains commands", async () => {
    harness = await startLuaHost({}, { extraDirs: [dir as string] });
    const alice = await harness.host.connect("Alice");
    const all = await harness.host.execute(alice.id, "help");
    expect(all?.output).toContain("Available Commands");
    const one = await harness.host.execute(alice.id, "help help");
    expect(one?.output).toContain("help [command|search <term>]");
    const none = await harness.host.execute(alice.id, "help nosuch");
    expect(none).toMatchObject({ status: CommandStatus.ERROR });
  });

  it.skipIf(!has("core-building"))("core-building digs and links", async () => {
    harness = await startLuaHost({}, { extraDirs: [dir as string] });
    const alice = await harness.host.connect("Alice");
    const dug = await harness.host.execute(alice.id, 'dig up to "Attic" return down');
    expect(dug?.output).toBe('Created "Attic" with exit "up" and return exit "down".');
    const linked = await harness.host.execute(alice.id, 'link shortcut to "Quiet Garden"');
    expect(linked?.output).toBe('Linked "shortcut" to "Quiet Garden".');
  });

  it.skipIf(!has("core-communication"))("core-communication says, poses, pages and whispers", async () => {
    harness = await startLuaHost({}, { extraDirs: [dir as string] });
    const alice = await harness.host.connect("Alice");
    const bob = await harness.host.connect("Bob");
    const here = recordEvents(harness.host, "location:*", alice.characterId);
    const private_ = recordEvents(harness.host, `character:${bob.characterId}`);
    expect(await harness.host.execute(alice.id, "say hello")).toMatchObject({ status: CommandStatus.OK });
    expect(await harness.host.execute(alice.id, ":waves")).toMatchObject({ status: CommandStatus.OK });
    expect(await harness.host.execute(alice.id, "page Bob=psst")).toMatchObject({
      status: CommandStatus.OK,
      output: "You paged Bob: psst",
    });
    expect(await harness.host.execute(alice.id, "whisper Bob=hi")).toMatchObject({
      output: "You whisper to Bob: hi",
    });
    await harness.host.bus.idle();
    expect(here.map((e) => e.type)).toEqual([
      "core-communication:say",
      "core-communication:pose",
      "core-communication:whisper_notice",
    ]);
    expect(private_.map((e) => e.type)).toEqual(["core-communication:page", "core-communication:whisper"]);
  });
});
