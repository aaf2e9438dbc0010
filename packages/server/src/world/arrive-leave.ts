/**
 * The demo's presence: a character's session opening announces `arrive` on
 * its location's stream and closing announces `leave`, both from the system
 * (actor `host`), as HoloMUSH does; plugins such as a greeter react to them.
 */
import type { PresenceContext, Session, SessionPresence } from "@holomush/host";
import { ActorKind } from "@holomush/proto";

function announce(host: PresenceContext, session: Session, type: "arrive" | "leave") {
  return host.publish({
    stream: `location:${session.locationId}`,
    type,
    payload: JSON.stringify({ character_id: session.characterId, name: session.characterName }),
    actorKind: ActorKind.SYSTEM,
    actorId: "host",
  });
}

/** Announces `arrive` when a session opens and `leave` when it closes, on the character's location stream. */
export const arriveAndLeave: SessionPresence = {
  async connected(session, host) {
    await announce(host, session, "arrive");
  },
  async disconnected(session, host) {
    await announce(host, session, "leave");
  },
};
