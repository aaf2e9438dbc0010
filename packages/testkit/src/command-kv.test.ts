import { definePlugin } from "@holomush/host";
import { CommandStatus } from "@holomush/proto";
import { describe, expect, it } from "vitest";
import { useTestHost } from "./use-test-host.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// A command plugin keeping a per-character note in its KV namespace through context.host.
const notesManifest = {
  name: "notes",
  version: "1.0.0",
  commands: [
    { name: "note", help: "remember a note", usage: "note <text>" },
    { name: "recall", help: "read your note back" },
  ],
};
const notes = definePlugin({
  async handleCommand(request, context) {
    const key = `note:${request.characterId}`;
    if (request.command === "note") {
      await context.host.kvSet(key, encoder.encode(request.args));
      return { status: CommandStatus.OK, output: "Noted." };
    }
    const value = await context.host.kvGet(key);
    return { status: CommandStatus.OK, output: value === undefined ? "Nothing noted." : decoder.decode(value) };
  },
});

const testHost = useTestHost();

describe("a command plugin using KV", () => {
  it("stores through context.host.kvSet, readable directly with t.kv()", async () => {
    const t = await testHost();
    await t.loadPlugin(notesManifest, notes);
    const alice = await t.character("Alice");

    const outcome = await alice.run("note buy milk");

    expect(outcome).toMatchObject({ status: CommandStatus.OK, output: "Noted.", plugin: "notes" });
    expect(await t.kv("notes").getText(`note:${alice.id}`)).toBe("buy milk");
    expect(await t.kv("notes").keys("note:")).toEqual([`note:${alice.id}`]);
    expect(await t.kv("other").keys()).toEqual([]);
  });

  it("reads state seeded with t.kv().set()", async () => {
    const t = await testHost();
    await t.loadPlugin(notesManifest, notes);
    const bob = await t.character("Bob");
    await t.kv("notes").set(`note:${bob.id}`, "seeded");

    expect((await bob.run("recall")).output).toBe("seeded");
    expect((await (await t.character("Carol")).run("recall")).output).toBe("Nothing noted.");
  });

  it("refuses say() and pose() with a clear error while no plugin declares them", async () => {
    const t = await testHost();
    await t.loadPlugin(notesManifest, notes);
    const alice = await t.character("Alice");

    await expect(alice.say("hi")).rejects.toMatchObject({ code: "COMMAND_UNKNOWN", message: /no loaded plugin/ });
    await expect(alice.pose("waves")).rejects.toThrow(/"pose" command/);
  });

  it("say() runs a say command when one is loaded", async () => {
    const t = await testHost();
    await t.loadPlugin(
      { name: "talk", version: "1.0.0", emits: ["location"], commands: [{ name: "say", help: "speak" }] },
      definePlugin({
        handleCommand: (request) => ({
          status: CommandStatus.OK,
          output: `You say "${request.args}"`,
          events: [
            {
              stream: `location:${request.locationId}`,
              type: "say",
              payload: JSON.stringify({ message: request.args }),
            },
          ],
        }),
      }),
    );
    const alice = await t.character("Alice");

    const outcome = await alice.say("hello there");

    expect(outcome.output).toBe('You say "hello there"');
    await alice.expectEvent({
      stream: "location:square",
      type: "say",
      actor: alice,
      payload: { message: "hello there" },
    });
  });
});
