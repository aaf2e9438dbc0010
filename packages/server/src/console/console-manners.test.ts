/**
 * The console's manners toward players, over real TCP: a name already in
 * play is confirmed, not silently shared; control bytes typed by one player
 * never reach anyone's terminal, and a plugin's answer keeps only its colours.
 */

import { createHost, type Host } from "@holomush/host";
import { CommandStatus } from "@holomush/proto";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtInWorld } from "../world/built-in-world.js";
import { connectConsole } from "./console-client.test-support.js";
import { type ConsoleServer, startConsoleServer } from "./console-server.js";

const talk = {
  name: "talk",
  version: "1.0.0",
  emits: ["location"],
  commands: [
    { name: "say", help: "say" },
    { name: "shout", help: "answers with what a careless plugin might send" },
  ],
};

describe("console manners", () => {
  let host: Host;
  let console: ConsoleServer;
  const game = builtInWorld();

  beforeAll(async () => {
    host = await createHost({ ...game, logger: pino({ level: "silent" }) });
    await host.registerPlugin(talk, {
      handleCommand: async (request) =>
        request.command === "shout"
          ? { status: CommandStatus.OK, output: `\u001b[2J\u001b[31m${request.args}\u0007\r\nline two\u202e` }
          : {
              status: CommandStatus.OK,
              output: "",
              events: [
                {
                  stream: `location:${request.locationId}`,
                  type: "say",
                  payload: JSON.stringify({ message: request.args }),
                },
              ],
            },
    });
    await host.start();
    console = await startConsoleServer(host, { port: 0 });
  });

  afterAll(async () => {
    await console.close();
    await host.stop();
  });

  it("asks before a second connection takes a name already in play", async () => {
    const first = await connectConsole(console.port);
    first.send("Alice");
    await first.expectLine(/^Welcome, Alice/);
    const second = await connectConsole(console.port);
    second.send("alice");
    expect(await second.expectLine(/already connected/)).toBe(
      'alice is already connected. Type "yes" to connect as alice here too, or give another name.',
    );
    expect(host.sessions.byCharacter(game.directory.world.findCharacter("Alice")?.id ?? "")).toHaveLength(1);
    // Another name is simply a new character.
    second.send("Bob");
    await second.expectLine(/^Welcome, Bob/);
    await second.close();

    const third = await connectConsole(console.port);
    third.send("Alice");
    await third.expectLine(/already connected/);
    third.send("yes");
    await third.expectLine(/^Welcome, Alice/);
    expect(host.sessions.byCharacter(game.directory.world.findCharacter("Alice")?.id ?? "")).toHaveLength(2);
    await first.close();
    await third.close();
  });

  it("welcomes an accented name, whichever way the client composed it", async () => {
    const zoe = await connectConsole(console.port);
    zoe.send("Zoë");
    await zoe.expectLine(/^Welcome, Zoë/);
    const again = await connectConsole(console.port);
    // "Zoe" + a combining diaeresis is the same character, not a new one.
    again.send("Zoe\u0308");
    await again.expectLine(/already connected/);
    expect(game.directory.world.findCharacter("ZOË")?.name).toBe("Zoë");
    await zoe.close();
    await again.close();
  });

  it("never echoes control bytes: not in events, not in answers, not in refusals", async () => {
    const carol = await connectConsole(console.port);
    carol.send("Carol");
    await carol.expectLine(/^Welcome, Carol/);
    const dave = await connectConsole(console.port);
    dave.send("Dave");
    await dave.expectLine(/^Welcome, Dave/);

    carol.send("say \u001b[2Jhi\u0007 there\u202e!");
    expect(await dave.expectLine(/says/)).toBe('Carol says, "[2Jhi there!"');
    // Emoji sequences joined by ZWJ (a format character, not a control) arrive whole.
    carol.send("say 👨‍👩‍👧 café");
    expect(await dave.expectLine(/café/)).toBe('Carol says, "👨‍👩‍👧 café"');
    // A plugin's answer keeps its colour (SGR) but not its screen clear, bell or bidi override,
    // and the console resets styles after it so the colour cannot tint the lines that follow.
    carol.send("shout loud");
    expect(await carol.expectLine(/loud/)).toBe("[2J\u001b[31mloud");
    expect(await carol.expectLine(/line two/)).toBe("line two\u001b[0m");
    // (A line starting with "[" would be a one-character prefix alias, so the escape goes after the name.)
    carol.send("frob\u001b[2J\u0007");
    expect(await carol.expectLine(/not a command/)).toBe('Huh? "frob[2j" is not a command. Type "help" for the list.');
    const control = /[\p{Cc}\u202a-\u202e]/u;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removes the SGR sequences to look for anything else.
    const withoutStyles = (line: string) => line.replace(/\u001b\[[0-9;]*m/g, "");
    expect(carol.lines.filter((line) => control.test(withoutStyles(line)))).toEqual([]);
    // What one player types reaches another with no control byte at all, not even a style.
    expect(dave.lines.filter((line) => control.test(line))).toEqual([]);
    await carol.close();
    await dave.close();
  });
});
