/**
 * Characters created on other hosts of a cluster: their `arrive` event names
 * them, so this host's world learns them (and renders their name, not their
 * id). Their ids are the shared PostgreSQL's, so adopting is idempotent.
 */
import type { Host } from "@holomush/host";
import type { World } from "./world.js";

/** Adopts characters named by other hosts' `arrive` events into `world`; returns a function that stops. */
export function learnRemoteCharacters(bus: Host["bus"], world: World): () => void {
  return bus.watch("location:*", (event) => {
    if (event.type !== "arrive") return;
    let payload: { character_id?: unknown; name?: unknown };
    try {
      payload = JSON.parse(event.payload) as typeof payload;
    } catch {
      return;
    }
    if (typeof payload.character_id !== "string" || typeof payload.name !== "string") return;
    if (world.findCharacter(payload.name) !== undefined) return;
    try {
      world.adopt({ id: payload.character_id, name: payload.name });
    } catch {
      // a name this host refuses stays unknown; its events render with the id
    }
  });
}
