/**
 * How the demo console shows an event to a player: one line per event, in
 * the familiar MUSH phrasing for seed 000's types, a generic line otherwise.
 */
import { ActorKind, type Event } from "@holomush/proto";
import { stripControlCharacters } from "../commands/control-characters.js";
import type { World } from "../world/world.js";

function parsePayload(payload: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(payload);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

export function actorName(event: Event, world: World): string {
  switch (event.actorKind) {
    case ActorKind.CHARACTER:
      try {
        return world.getCharacter(event.actorId).name;
      } catch {
        return event.actorId;
      }
    case ActorKind.PLUGIN:
      return event.actorId;
    default:
      return "System";
  }
}

// Control characters would let one player redraw another's terminal. Format characters that
// text needs stay (a ZWJ joins 👨‍👩‍👧 into one emoji); bidi overrides go with the controls.
const clean = (text: string) => text.split("\n").map(stripControlCharacters).join(" ");

export function renderEvent(event: Event, world: World): string {
  const payload = parsePayload(event.payload);
  const message = typeof payload.message === "string" ? payload.message : undefined;
  const name = typeof payload.name === "string" ? payload.name : undefined;
  const actor = actorName(event, world);
  const line = (() => {
    switch (event.type) {
      case "say":
        return `${actor} says, "${message ?? ""}"`;
      case "pose":
        return `${actor} ${message ?? ""}`;
      case "emit":
        return message ?? "";
      case "page":
        return `${actor} pages: ${message ?? ""}`;
      case "arrive":
        return `${name ?? actor} has arrived.`;
      case "leave":
        return `${name ?? actor} has left.`;
      case "system":
        return `[system] ${message ?? event.payload}`;
      default:
        // Any other type: its `message` if it has one, else the raw event.
        return message ?? `[${event.stream}] ${actor} ${event.type}: ${event.payload}`;
    }
  })();
  return clean(line);
}
