/**
 * HoloMUSH's Lua plugins, unchanged, on this host. Always run against our own
 * HoloMUSH-shaped fixtures (`__fixtures__/holomush-shaped`: the same manifest
 * shapes and Lua surface as HoloMUSH's echo-bot, core-help, core-building and
 * core-communication, written for this repository); when
 * HOLOMUSH_LUA_PLUGINS names a folder holding HoloMUSH's real `plugins/`
 * directories, the same checks run against those too.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ActorKind, CommandStatus } from "@holomush/proto";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type LuaHarness, recordEvents, startLuaHost } from "./__fixtures__/lua-host-harness.js";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "__fixtures__", "holomush-shaped");
const sources: Array<[string, string]> = [["our HoloMUSH-shaped fixtures", FIXTURES]];
const real = process.env.HOLOMUSH_LUA_PLUGINS;
if (real !== undefined) sources.push(["HoloMUSH's own directories (HOLOMUSH_LUA_PLUGINS)", real]);

let harness: LuaHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe.each(sources)("HoloMUSH's Lua plugins, unchanged: %s", (_label, dir) => {
  const has = (name: string) => existsSync(join(dir, name, "plugin.yaml"));

  it("all of them load", async () => {
    harness = await startLuaHost({}, { extraDirs: [dir] });
    expect(harness.report.failed.map((f) => `${f.name}: ${f.error.format()}`)).toEqual([]);
  }, 30_000);

  it.skipIf(!has("echo-bot"))("echo-bot echoes a character's say where it was said", async () => {
    harness = await startLuaHost({}, { extraDirs: [dir] });
    const echoes = recordEvents(harness.host, "location:*", "echo-bot");
    const elsewhere = recordEvents(harness.host, "character:*", "echo-bot");
    await harness.host.publish({
      stream: "location:square",
      type: "say",
      payload: JSON.stringify({ message: "hi" }),
      actorKind: ActorKind.CHARACTER,
      actorId: "c1",
    });
    await harness.host.bus.idle();
    // A manifest without `emits` may answer on the stream it heard (docs/lua.md, "Emit rights");
    // one whose `emits` leaves out `location` may not.
    const manifest = parse(readFileSync(join(dir, "echo-bot", "plugin.yaml"), "utf8")) as { emits?: string[] };
    const allowed = manifest.emits === undefined || manifest.emits.includes("location");
    expect(echoes.map((e) => [e.stream, e.payload])).toEqual(
      allowed ? [["location:square", '{"message":"Echo: hi"}']] : [],
    );
    expect(elsewhere).toEqual([]);
  });

  it.skipIf(!has("core-help"))("core-help lists and explains commands", async () => {
    harness = await startLuaHost({}, { extraDirs: [dir] });
    const alice = await harness.host.connect("Alice");
    const all = await harness.host.execute(alice.id, "help");
    expect(all?.output).toContain("Available Commands");
    const one = await harness.host.execute(alice.id, "help help");
    expect(one?.output).toContain("help [command|search <term>]");
    const none = await harness.host.execute(alice.id, "help nosuch");
    expect(none).toMatchObject({ status: CommandStatus.ERROR });
  });

  it.skipIf(!has("core-building"))("core-building digs and links", async () => {
    harness = await startLuaHost({}, { extraDirs: [dir] });
    const alice = await harness.host.connect("Alice");
    const dug = await harness.host.execute(alice.id, 'dig up to "Attic" return down');
    expect(dug?.output).toBe('Created "Attic" with exit "up" and return exit "down".');
    expect(harness.world.move(alice.characterId, "up").to.name).toBe("Attic");
    expect(harness.world.move(alice.characterId, "down").to.name).toBe("Town Square");
    const linked = await harness.host.execute(alice.id, 'link shortcut to "Quiet Garden"');
    expect(linked?.output).toBe('Linked "shortcut" to "Quiet Garden".');
  });

  it.skipIf(!has("core-communication"))("core-communication says, poses, pages and whispers", async () => {
    harness = await startLuaHost({}, { extraDirs: [dir] });
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
