/**
 * The seams an embedder fills (docs/embedding.md), through the real
 * createHost: its own world directory, focus kinds, services and presence,
 * and nothing of the demo's wired when it brings none.
 */
import { CommandStatus, FocusKind, WorldService } from "@holomush/proto";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { HostError, HostErrorCode } from "../errors.js";
import type { Session } from "../focus/session.js";
import { definePlugin } from "../inproc/inproc-plugin.js";
import { UNPLACED_LOCATION_ID } from "../world/character-directory.js";
import type { WorldDirectory } from "../world/world-directory.js";
import { createHost, type Host } from "./create-host.js";
import { hostService } from "./host-service.js";

const logger = pino({ level: "silent" });
const hosts: Host[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
});

async function started(options: Parameters<typeof createHost>[0]) {
  const host = await createHost({ logger, ...options });
  hosts.push(host);
  await host.start();
  return host;
}

/** A guest list: only Ada may connect; she is in the hall until moved. */
function guestList() {
  const online: Array<[string, boolean]> = [];
  const moves = new Set<(characterId: string, to: string) => void>();
  const ada = { id: "guest-ada", name: "Ada", locationId: "hall" };
  const directory: WorldDirectory = {
    resolveCharacter(name) {
      if (name.toLowerCase() === "ada") return ada;
      throw new HostError(HostErrorCode.INVALID_ARGUMENT, `${name} is not on the guest list`);
    },
    locationOf: (id) => (id === ada.id ? ada.locationId : undefined),
    setOnline: (id, value) => void online.push([id, value]),
    onMove(listener) {
      moves.add(listener);
      return () => moves.delete(listener);
    },
  };
  const move = (to: string) => {
    ada.locationId = to;
    for (const listener of moves) listener(ada.id, to);
  };
  return { directory, online, move };
}

describe("an embedder's own world directory", () => {
  it("decides who connects, where their session is, and follows their moves", async () => {
    const world = guestList();
    const host = await started({ directory: world.directory });
    await expect(host.connect("Eve")).rejects.toMatchObject({ code: HostErrorCode.INVALID_ARGUMENT });
    const session = await host.connect("ada");
    expect(session).toMatchObject({ characterId: "guest-ada", characterName: "Ada", locationId: "hall" });
    world.move("cellar");
    expect(host.sessions.get(session.id).locationId).toBe("cellar");
    await host.disconnect(session.id);
    expect(world.online).toEqual([
      ["guest-ada", true],
      ["guest-ada", false],
    ]);
  });

  it("announces nothing on connect without a presence, and what the presence says with one", async () => {
    const plain = await started({ directory: guestList().directory });
    const seen: string[] = [];
    plain.bus.watch("*", (event) => seen.push(`${event.stream} ${event.type}`));
    await plain.disconnect((await plain.connect("Ada")).id);
    await plain.bus.idle();
    expect(seen).toEqual([]);

    const calls: string[] = [];
    const announced = await started({
      directory: guestList().directory,
      presence: {
        connected: (session: Session) => void calls.push(`in ${session.characterName}`),
        disconnected: (session: Session) => void calls.push(`out ${session.characterName}`),
      },
    });
    await announced.disconnect((await announced.connect("Ada")).id);
    expect(calls).toEqual(["in Ada", "out Ada"]);
  });
});

describe("without a directory of the embedder's", () => {
  it("every valid name is a character with a stable id, placed nowhere, in a world with no rooms", async () => {
    const host = await started({});
    const ada = await host.connect("Ada");
    expect(ada.locationId).toBe(UNPLACED_LOCATION_ID);
    expect((await host.connect("ADA")).characterId).toBe(ada.characterId);
    await expect(host.connect("Ada Lovelace")).rejects.toMatchObject({ code: HostErrorCode.INVALID_ARGUMENT });
    expect(host.directory.describeCharacter?.(ada.characterId)).toMatchObject({ name: "Ada", online: true });
    // No demo content: the engine knows no location, not even the demo's square.
    expect(host.directory.describeLocation).toBeUndefined();
    expect(host.directory.locationOf(ada.characterId)).toBe(UNPLACED_LOCATION_ID);
    expect(host.services.resolve(WorldService.typeName)).toBeUndefined();
  });

  it("is the embedder's directory itself when one is given", async () => {
    const world = guestList();
    const host = await started({ directory: world.directory });
    expect(host.directory).toBe(world.directory);
  });
});

describe("focus kinds and services come from the embedder", () => {
  it("refuses every focus kind when none is given, and applies the embedder's policy when one is", async () => {
    const bare = await started({ directory: guestList().directory });
    const session = await bare.connect("Ada");
    await expect(bare.focus.join(session.id, { kind: FocusKind.SCENE, targetId: "corner" })).rejects.toMatchObject({
      code: HostErrorCode.FOCUS_KIND_UNREGISTERED,
    });

    const tables = await started({
      directory: guestList().directory,
      focusKinds: [{ kind: FocusKind.SCENE, streams: (id) => [{ stream: `table:${id}`, replay: "live" }] }],
    });
    const seated = await tables.connect("Ada");
    const joined = await tables.focus.join(seated.id, { kind: FocusKind.SCENE, targetId: "corner" });
    expect(joined.streams).toEqual(["table:corner"]);
  });

  it("serves no WorldService unless the embedder offers it; a plugin requiring it then loads", async () => {
    const manifest = {
      name: "needs-world",
      version: "1.0.0",
      requires: ["holomush.world.v1.WorldService"],
      commands: [{ name: "where", help: "asks the world" }],
    };
    const plugin = definePlugin({
      async handleCommand(_request, context) {
        const { location } = await context.client(WorldService).getLocation({ locationId: "hall" });
        return { status: CommandStatus.OK, output: location?.name ?? "" };
      },
    });
    const bare = await createHost({ logger });
    hosts.push(bare);
    await bare.registerPlugin(manifest, plugin);
    const report = await bare.start();
    expect(report.loaded).not.toContain("needs-world");

    const served = await createHost({
      logger,
      directory: guestList().directory,
      services: [
        hostService(WorldService, {
          getLocation: async (request) => ({ location: { id: request.locationId, name: "The Hall" } }),
        }),
      ],
    });
    hosts.push(served);
    await served.registerPlugin(manifest, plugin);
    expect((await served.start()).loaded).toContain("needs-world");
    const session = await served.connect("Ada");
    expect((await served.execute(session.id, "where"))?.output).toBe("The Hall");
  });
});
