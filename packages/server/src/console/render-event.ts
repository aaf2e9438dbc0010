/**
 * How the demo console shows an event to a player: one line per event, in
 * the familiar MUSH phrasing for the core types (docs/events.md), a generic line otherwise.
 */

import { stripControlCharacters, type WorldDirectory } from "@holomush/host";
import { ActorKind, type Event } from "@holomush/proto";

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

/** The name of whoever sent an event: a character by the directory's `describeCharacter` (its id without one). */
export function actorName(event: Event, names: Pick<WorldDirectory, "describeCharacter">): string {
  switch (event.actorKind) {
    case ActorKind.CHARACTER:
      return names.describeCharacter?.(event.actorId)?.name ?? event.actorId;
    case ActorKind.PLUGIN:
      return event.actorId;
    default:
      return "System";
  }
}

// Control characters would let one player redraw another's terminal. Format characters that
// text needs stay (a ZWJ joins 👨‍👩‍👧 into one emoji); bidi overrides go with the controls.
const clean = (text: string) => text.split("\n").map(stripControlCharacters).join(" ");

const QUALIFIED_VERBS = new Set(["say", "pose", "emit", "ooc", "whisper_notice"]);

const text = (value: unknown) => (typeof value === "string" ? value : undefined);

/** One console line for an event, in MUSH phrasing for the core types; control characters are stripped. */
export function renderEvent(event: Event, names: Pick<WorldDirectory, "describeCharacter">): string {
  const payload = parsePayload(event.payload);
  // HoloMUSH plugins write {message}, {action} or holo.comm's {text, no_space}.
  const message = text(payload.message) ?? text(payload.text) ?? text(payload.action);
  const name = text(payload.name);
  const actor = text(payload.character_name) ?? text(payload.actor_display_name) ?? actorName(event, names);
  // A plugin-qualified type (`core-communication:say`, HoloMUSH's form) renders as its verb
  // when it is one of these; its other verbs carry their whole line in `message`.
  const qualified = event.type.includes(":");
  const tail = event.type.slice(event.type.indexOf(":") + 1);
  const verb = !qualified ? event.type : QUALIFIED_VERBS.has(tail) ? tail : "";
  const line = (() => {
    switch (verb) {
      case "say":
        return `${actor} says, "${message ?? ""}"`;
      case "pose":
        return payload.no_space === true ? `${actor}${message ?? ""}` : `${actor} ${message ?? ""}`;
      case "whisper_notice":
        return text(payload.notice) ?? `${actor} whispers.`;
      case "ooc":
        if (payload.style === "pose") return `[OOC] ${actor} ${message ?? ""}`;
        if (payload.style === "semipose") return `[OOC] ${actor}${message ?? ""}`;
        return `[OOC] ${actor} says, "${message ?? ""}"`;
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

const rendered = new WeakMap<Event, string>();

/**
 * renderEvent, once per event: the bus hands every watcher the same Event
 * object, and a say in a full room is shown to every player in it (one
 * payload parse and name lookup instead of one per connection).
 */
export function renderEventOnce(event: Event, names: Pick<WorldDirectory, "describeCharacter">): string {
  let line = rendered.get(event);
  if (line === undefined) {
    line = renderEvent(event, names);
    rendered.set(event, line);
  }
  return line;
}
