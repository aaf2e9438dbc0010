/**
 * The demo's world as createHost options, through the real engine: names
 * kept in the host's character store, characters placed in the square, the
 * rooms the Lua world globals reach, and WorldService waiting for the stored
 * characters before a plugin's first lookup.
 */
import { createHost, createMemoryCharacterStore, type Host } from "@holomush/host";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { builtInWorld } from "./built-in-world.js";

const hosts: Host[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
});

describe("builtInWorld", () => {
  it("gives a stored name its id back, in the square, and serves the world's rooms through the directory", async () => {
    const characters = createMemoryCharacterStore();
    await characters.claim({ id: "01STOREDCAROL0000000000000", name: "Carol" });
    const game = builtInWorld({ characters });
    const host = await createHost({ ...game, logger: pino({ level: "silent" }) });
    hosts.push(host);
    await host.start();
    const carol = await host.connect("carol");
    expect(carol).toMatchObject({ characterId: "01STOREDCAROL0000000000000", characterName: "Carol" });
    expect(carol.locationId).toBe("square");
    const dave = await host.connect("Dave");
    expect((await characters.list()).map((record) => record.id)).toContain(dave.characterId);
    expect(host.directory.describeLocation?.("square")?.name).toBe("Town Square");
    expect(host.directory.findLocation?.("the salty mug")?.id).toBe("tavern");
    expect(host.directory.charactersAt?.("square").map((c) => c.name)).toEqual(["Carol", "Dave"]);
    game.directory.world.move(dave.characterId, "north");
    expect(host.sessions.get(dave.id).locationId).toBe("tavern");
  });

  it("lets WorldService find a stored character before anyone connects", async () => {
    const characters = createMemoryCharacterStore();
    await characters.claim({ id: "01STOREDERIN00000000000000", name: "Erin" });
    const { services } = builtInWorld({ characters });
    const impl = services[0]?.implementation as unknown as {
      findCharacter(request: { name: string }): Promise<{ character?: { id: string } }>;
    };
    const found = await impl.findCharacter({ name: "erin" });
    expect(found.character?.id).toBe("01STOREDERIN00000000000000");
  });
});
