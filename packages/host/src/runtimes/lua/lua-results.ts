/**
 * What a Lua handler returns, as the host core wants it. HoloMUSH's
 * conventions: on_command returns nil, a string, or `{status, output,
 * events}` (0 OK, 1 Error, 2 Failure, 3 Fatal, anything else OK); on_event
 * returns nil or an array of emit tables. An emit table names its target
 * as a dot-form subject (`location.<id>`, `character.<id>`, `global`) or,
 * in the older layout, a `stream`; subjects map to this host's streams by
 * turning the first `.` into `:` (`location.abc` → `location:abc`). A
 * malformed entry is dropped with a warning; the others go through.
 */
import { CommandStatus } from "@holomush/proto";
import type { Logger } from "pino";
import type { CommandResponseInit, EmitEventInit } from "../../plugins/runtime.js";

const STATUSES: Record<number, CommandStatus> = {
  0: CommandStatus.OK,
  1: CommandStatus.ERROR,
  2: CommandStatus.FAILURE,
  3: CommandStatus.FATAL,
};

export function subjectToStream(subject: string): string {
  const dot = subject.indexOf(".");
  return dot < 0 ? subject : `${subject.slice(0, dot)}:${subject.slice(dot + 1)}`;
}

export function toEmitEvents(value: unknown, logger: Logger): EmitEventInit[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : typeof value === "object" ? Object.values(value) : undefined;
  if (list === undefined) {
    logger.warn({ got: typeof value }, "lua handler returned a non-table as events; ignored");
    return [];
  }
  const events: EmitEventInit[] = [];
  list.forEach((entry, index) => {
    const event = toEmitEvent(entry);
    if (typeof event === "string") logger.warn({ index, reason: event }, "lua emit entry dropped");
    else events.push(event);
  });
  return events;
}

function toEmitEvent(entry: unknown): EmitEventInit | string {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return "not a table";
  const raw = entry as Record<string, unknown>;
  const stream =
    typeof raw.subject === "string"
      ? subjectToStream(raw.subject)
      : typeof raw.stream === "string"
        ? raw.stream
        : undefined;
  if (stream === undefined || stream === "") return "subject must be a non-empty string";
  if (typeof raw.type !== "string" || raw.type === "") return "type must be a non-empty string";
  const payload = raw.payload === undefined ? "{}" : raw.payload;
  if (typeof payload !== "string") return "payload must be a JSON string";
  if (raw.sensitive !== undefined && typeof raw.sensitive !== "boolean") return "sensitive must be a boolean";
  return { stream, type: raw.type, payload };
}

export function toCommandResponse(value: unknown, logger: Logger): CommandResponseInit {
  if (value === undefined || value === null) return { status: CommandStatus.OK, output: "" };
  if (typeof value === "string") return { status: CommandStatus.OK, output: value };
  if (typeof value === "number") return { status: CommandStatus.OK, output: String(value) };
  if (typeof value !== "object" || Array.isArray(value)) {
    logger.warn({ got: typeof value }, "on_command returned an unusable value; answered OK with no output");
    return { status: CommandStatus.OK, output: "" };
  }
  const raw = value as Record<string, unknown>;
  const status = typeof raw.status === "number" ? (STATUSES[raw.status] ?? CommandStatus.OK) : CommandStatus.OK;
  const output = typeof raw.output === "string" ? raw.output : raw.output === undefined ? "" : String(raw.output);
  return { status, output, events: toEmitEvents(raw.events, logger) };
}
