/**
 * The record/replay file (docs/record-replay.md): JSON lines, one entry per
 * line, in the order the host saw them. `event` entries are what was
 * published (any stream); `command` entries are lines players typed. A
 * character is named as well as identified, because ids differ between the
 * recording host and the host a test replays into.
 */
import { ActorKind, type Event } from "@holomush/proto";
import { HostError, HostErrorCode } from "../errors.js";

/** The format version written in a recording's header line. */
export const RECORDING_VERSION = 1;

/** Who published a recorded event; a character also by name, since ids differ between hosts. */
export type RecordedActor =
  | { kind: "character"; id: string; name?: string }
  | { kind: "plugin"; id: string }
  | { kind: "system"; id: string };

/** An event as published on any stream. */
export interface RecordedEvent {
  kind: "event";
  /** Unix ms when the host published it. */
  at: number;
  id: string;
  stream: string;
  type: string;
  actor: RecordedActor;
  /** The payload as published (a JSON text). */
  payload: string;
}

/** A line a character typed. */
export interface RecordedCommand {
  kind: "command";
  at: number;
  character: { id: string; name: string };
  /** The line as typed. */
  line: string;
}

/** The first line of a recording: its format version and when it started. */
export interface RecordingHeader {
  kind: "recording";
  version: number;
  /** Unix ms when recording started. */
  at: number;
}

/** One entry of a recording (the header line excluded). */
export type RecordedEntry = RecordedEvent | RecordedCommand;

const ACTOR_NAMES: Partial<Record<ActorKind, RecordedActor["kind"]>> = {
  [ActorKind.CHARACTER]: "character",
  [ActorKind.PLUGIN]: "plugin",
  [ActorKind.SYSTEM]: "system",
};

/** An event as a recording entry; `characterName` names character actors. */
export function recordEvent(event: Event, characterName?: (id: string) => string | undefined): RecordedEvent {
  const kind = ACTOR_NAMES[event.actorKind] ?? "system";
  const name = kind === "character" ? characterName?.(event.actorId) : undefined;
  return {
    kind: "event",
    at: Number(event.timestamp),
    id: event.id,
    stream: event.stream,
    type: event.type,
    actor: kind === "character" && name !== undefined ? { kind, id: event.actorId, name } : { kind, id: event.actorId },
    payload: event.payload,
  };
}

/** One recording line (JSON and its newline) for an entry or the header. */
export function serializeEntry(entry: RecordedEntry | RecordingHeader): string {
  return `${JSON.stringify(entry)}\n`;
}

function refuse(file: string, line: number, message: string): never {
  throw new HostError(HostErrorCode.INVALID_ARGUMENT, `${file}:${line}: ${message}`, {
    file,
    details: { line: String(line) },
  });
}

function isString(value: unknown): value is string {
  return typeof value === "string";
}

/** Parses a recording; every malformed line is refused with its file and line number. */
export function parseRecording(text: string, file = "<recording>"): RecordedEntry[] {
  const entries: RecordedEntry[] = [];
  const lines = text.split("\n");
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    if (raw.trim() === "") return;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      refuse(file, lineNo, "not a JSON line");
    }
    if (value === null || typeof value !== "object") refuse(file, lineNo, "not a JSON object");
    if (value.kind === "recording") {
      if (value.version !== RECORDING_VERSION)
        refuse(file, lineNo, `unsupported recording version ${String(value.version)}`);
      return;
    }
    if (value.kind === "event") {
      const actor = value.actor as Record<string, unknown> | undefined;
      const fields = [value.id, value.stream, value.type, value.payload, actor?.id];
      if (!fields.every(isString) || !["character", "plugin", "system"].includes(String(actor?.kind))) {
        refuse(file, lineNo, "an event needs id, stream, type, payload (strings) and an actor {kind, id}");
      }
      entries.push(value as unknown as RecordedEvent);
      return;
    }
    if (value.kind === "command") {
      const character = value.character as Record<string, unknown> | undefined;
      if (!isString(value.line) || !isString(character?.name) || !isString(character?.id)) {
        refuse(file, lineNo, "a command needs line and character {id, name} (strings)");
      }
      entries.push(value as unknown as RecordedCommand);
      return;
    }
    refuse(file, lineNo, `unknown entry kind ${JSON.stringify(value.kind)}`);
  });
  return entries;
}
