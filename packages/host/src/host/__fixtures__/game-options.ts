/**
 * Test support: createHost options for host tests whose plugins expect a
 * game around them — a small in-memory world as the directory, WorldService
 * over it, the scene focus kind and arrive/leave on connect (what
 * @holomush/server's builtInWorld() gives the demo; the engine itself wires
 * none of it).
 */
import { ActorKind, WorldService } from "@holomush/proto";
import { createSceneFocusKind } from "../../focus/scene-focus-kind.js";
import type { Session } from "../../focus/session.js";
import type { WorldDirectory } from "../../world/world-directory.js";
import type { HostOptions, PresenceContext } from "../host-options.js";
import { hostService } from "../host-service.js";
import { createWorld, type World } from "./test-world.js";
import { createTestWorldService } from "./test-world-service.js";

function announce(host: PresenceContext, session: Session, type: "arrive" | "leave") {
  return host.publish({
    stream: `location:${session.locationId}`,
    type,
    payload: JSON.stringify({ character_id: session.characterId, name: session.characterName }),
    actorKind: ActorKind.SYSTEM,
    actorId: "host",
  });
}

const quietly = <T>(fn: () => T): T | undefined => {
  try {
    return fn();
  } catch {
    return undefined;
  }
};

/** The test world as a WorldDirectory offering every optional method. */
export function testWorldDirectory(world: World): WorldDirectory {
  return {
    resolveCharacter: (name) => world.characterNamed(name),
    locationOf: (id) => quietly(() => world.getCharacter(id).locationId),
    setOnline: (id, online) => world.setOnline(id, online),
    onMove: (listener) => world.onMove((character, _from, to) => listener(character.id, to.id)),
    describeCharacter: (id) => quietly(() => world.getCharacter(id)),
    describeLocation: (id) => quietly(() => world.getLocation(id)),
    findLocation: (name) => world.findLocation(name),
    charactersAt: (id) => world.charactersAt(id),
    createLocation: (spec) => world.createLocation(spec),
    createExit: (from, name, to) => world.createExit(from, name, to),
  };
}

/** Options for createHost over `world` (pass one to move characters and look at rooms from the test). */
export function gameOptions(
  world: World = createWorld(),
): Pick<HostOptions, "directory" | "focusKinds" | "services" | "presence"> {
  return {
    directory: testWorldDirectory(world),
    focusKinds: [createSceneFocusKind()],
    services: [hostService(WorldService, createTestWorldService(world))],
    presence: {
      connected: (session, host) => announce(host, session, "arrive").then(() => undefined),
      disconnected: (session, host) => announce(host, session, "leave").then(() => undefined),
    },
  };
}
