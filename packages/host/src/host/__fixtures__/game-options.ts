/**
 * Test support: createHost options for host tests whose plugins expect a
 * game around them — the in-memory world, WorldService over it, the scene
 * focus kind and arrive/leave on connect (what @holomush/server's
 * builtInWorld() gives the demo; the engine itself wires none of it).
 */
import { ActorKind, WorldService } from "@holomush/proto";
import { createSceneFocusKind } from "../../focus/scene-focus-kind.js";
import type { Session } from "../../focus/session.js";
import { createWorld } from "../../world/world.js";
import { createWorldService } from "../../world/world-service.js";
import type { HostOptions, PresenceContext } from "../host-options.js";
import { hostService } from "../host-service.js";

function announce(host: PresenceContext, session: Session, type: "arrive" | "leave") {
  return host.publish({
    stream: `location:${session.locationId}`,
    type,
    payload: JSON.stringify({ character_id: session.characterId, name: session.characterName }),
    actorKind: ActorKind.SYSTEM,
    actorId: "host",
  });
}

export function gameOptions(): Pick<HostOptions, "world" | "focusKinds" | "services" | "presence"> {
  const world = createWorld();
  return {
    world,
    focusKinds: [createSceneFocusKind()],
    services: [hostService(WorldService, createWorldService(world))],
    presence: {
      connected: (session, host) => announce(host, session, "arrive").then(() => undefined),
      disconnected: (session, host) => announce(host, session, "leave").then(() => undefined),
    },
  };
}
