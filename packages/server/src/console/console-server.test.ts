import net from "node:net";
import { createHost, type Host, type WorldDirectory } from "@holomush/host";
import { ActorKind, CommandStatus } from "@holomush/proto";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { builtInWorld } from "../world/built-in-world.js";
import { connectConsole } from "./console-client.test-support.js";
import { type ConsoleServer, startConsoleServer } from "./console-server.js";
import { renderEventOnce } from "./render-event.js";

// A tiny in-process communication plugin, so this test needs nothing from examples/.
const talk = {
  name: "talk",
  version: "1.0.0",
  emits: ["location"],
  commands: [
    { name: "say", help: "say" },
    { name: "pose", help: "pose" },
    { name: "burst", help: "three events at once" },
  ],
};

describe("the TCP line console", () => {
  let host: Host;
  let console: ConsoleServer;

  beforeAll(async () => {
    host = await createHost({ ...builtInWorld(), logger: pino({ level: "silent" }) });
    await host.registerPlugin(talk, {
      handleCommand: async (request) => ({
        status: CommandStatus.OK,
        output: "",
        events: (request.command === "burst" ? ["one", "two", "three"] : [request.args]).map((message) => ({
          stream: `location:${request.locationId}`,
          type: request.command === "burst" ? "say" : request.command,
          payload: JSON.stringify({ message }),
        })),
      }),
    });
    await host.start();
    console = await startConsoleServer(host, { port: 0 });
  });

  afterAll(async () => {
    await console.close();
    await host.stop();
  });

  it("makes the first line the character's name and shows each player the others' events", async () => {
    const alice = await connectConsole(console.port);
    await alice.expectLine(/What is your name\?/);
    alice.send("Alice");
    await alice.expectLine(/^Welcome, Alice\. You are in Town Square/);
    const bob = await connectConsole(console.port);
    bob.send("Bob");
    await bob.expectLine(/^Welcome, Bob/);
    await alice.expectLine(/^Bob has arrived\.$/);

    alice.send("say hello");
    expect(await bob.expectLine(/says/)).toBe('Alice says, "hello"');
    expect(await alice.expectLine(/says/)).toBe('Alice says, "hello"');
    bob.send(":waves");
    expect(await alice.expectLine(/waves/)).toBe("Bob waves");

    bob.send("dance");
    expect(await bob.expectLine(/dance/)).toBe('Huh? "dance" is not a command. Type "help" for the list.');

    await bob.close();
    await alice.expectLine(/^Bob has left\.$/);
    alice.send("quit");
    await alice.expectLine(/^Goodbye\.$/);
    await alice.close();
  });

  it("runs nothing a client sent after quit", async () => {
    const erin = await connectConsole(console.port);
    erin.send("Erin");
    await erin.expectLine(/^Welcome, Erin/);
    const dave = await connectConsole(console.port);
    dave.send("Dave");
    await dave.expectLine(/^Welcome, Dave/);
    dave.send("quit\nsay after quit");
    await dave.expectLine(/^Goodbye\.$/);
    await erin.expectLine(/^Dave has left\.$/);
    erin.send("say marker");
    await erin.expectLine(/^Erin says, "marker"$/);
    expect(erin.lines.some((line) => line.includes("after quit"))).toBe(false);
    await erin.close(); // the host closed Dave's connection
  });

  it("asks again when the name is not acceptable", async () => {
    const client = await connectConsole(console.port);
    client.send("not a name!");
    await client.expectLine(/That name won't do/);
    client.send("Carol");
    await client.expectLine(/^Welcome, Carol/);
    await client.close();
  });

  it("sends what one turn produced for a client in one write", async () => {
    const frank = await connectConsole(console.port);
    frank.send("Frank");
    await frank.expectLine(/^Welcome, Frank/);
    // Writes of the host's side of the connection (its local port is the console's).
    const proto = net.Socket.prototype as unknown as Record<"_write" | "_writev", (...args: unknown[]) => unknown>;
    const hostWrites = (spy: { mock: { contexts: unknown[] } }) =>
      spy.mock.contexts.filter((socket) => (socket as net.Socket).localPort === console.port).length;
    const single = vi.spyOn(proto, "_write");
    const vector = vi.spyOn(proto, "_writev");
    try {
      frank.send("burst");
      await frank.expectLine(/"three"$/);
      expect(frank.lines.slice(-3)).toEqual(['Frank says, "one"', 'Frank says, "two"', 'Frank says, "three"']);
      expect(hostWrites(single) + hostWrites(vector)).toBe(1);
    } finally {
      single.mockRestore();
      vector.mockRestore();
    }
    await frank.close();
  });
});

describe("renderEventOnce", () => {
  it("renders an event once however many connections show it", () => {
    let lookups = 0;
    const names: Pick<WorldDirectory, "describeCharacter"> = {
      describeCharacter: (id) => {
        lookups++;
        return { id, name: "Ada", locationId: "square" };
      },
    };
    const event = {
      $typeName: "holomush.plugin.v1.Event",
      id: "01HZZZZZZZZZZZZZZZZZZZZZZZ",
      stream: "location:square",
      type: "say",
      timestamp: 0n,
      actorKind: ActorKind.CHARACTER,
      actorId: "char-1",
      payload: JSON.stringify({ message: "hi" }),
    } as const;
    const lines = Array.from({ length: 3 }, () => renderEventOnce(event, names));
    expect(lines).toEqual(['Ada says, "hi"', 'Ada says, "hi"', 'Ada says, "hi"']);
    expect(lookups).toBe(1);
  });
});
