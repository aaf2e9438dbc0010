// Uses every host function: kv_get/kv_set (counts), emit (every 10th event a
// milestone), log, and from the `counts` command kv_list, kv_delete and
// query_history. A count it cannot read or write is skipped (and logged),
// never restarted from 0: storage errors are not absence.
import {
  ACTOR_PLUGIN,
  CommandRequest,
  CommandResponse,
  Event,
  emit,
  JsonWriter,
  kvDelete,
  kvList,
  kvRead,
  kvSet,
  logHost,
  Outcome,
  onCommand,
  onEvent,
  pdkAbort,
  queryHistory,
} from "@holomush/wasm-pdk/assembly";

const PREFIX = "count:";
const MILESTONE = 10;

export function handle_event(): i32 {
  return onEvent(count);
}

export function handle_command(): i32 {
  return onCommand(counts);
}

function count(event: Event): Outcome | null {
  if (event.actorKind == ACTOR_PLUGIN) return null;
  const key = PREFIX + event.stream;
  const previous = kvRead(key);
  if (!previous.ok) {
    // An unreadable count is not "no count yet": counting from 0 would overwrite it.
    logHost("warn", "not counted on " + event.stream + ": " + previous.errorCode + ": " + previous.errorMessage);
    return null;
  }
  const next = (previous.found ? I32.parseInt(previous.value) : 0) + 1;
  const written = kvSet(key, next.toString());
  if (!written.ok) {
    logHost("warn", "not counted on " + event.stream + ": " + written.errorCode + ": " + written.errorMessage);
    return null;
  }
  logHost("debug", "counted " + event.type + " on " + event.stream + ": " + next.toString());
  if (next % MILESTONE == 0) {
    const payload = new JsonWriter().string("stream", event.stream).number("count", next).toString();
    const result = emit(event.stream, "milestone", payload);
    if (!result.ok) logHost("warn", "milestone refused: " + result.errorCode);
  }
  return null;
}

function counts(request: CommandRequest): CommandResponse {
  const args = request.args.trim();
  if (args.startsWith("recent ")) {
    const stream = args.substring(7).trim();
    const events = queryHistory(stream, 10);
    const lines: string[] = [];
    for (let i = 0; i < events.length; i++) {
      lines.push(events[i].type + " by " + actorName(events[i]) + ": " + messageOf(events[i]));
    }
    return CommandResponse.ok(lines.length == 0 ? "No history for " + stream + "." : lines.join("\n"));
  }
  if (args.startsWith("reset ")) {
    const stream = args.substring(6).trim();
    return kvDelete(PREFIX + stream)
      ? CommandResponse.ok("Reset " + stream + ".")
      : CommandResponse.error("No count for " + stream + ".");
  }
  if (args.length > 0) return CommandResponse.error("Usage: counts | counts recent <stream> | counts reset <stream>");
  const entries = kvList(PREFIX);
  const lines: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    lines.push(entries[i].key.substring(PREFIX.length) + ": " + entries[i].value);
  }
  return CommandResponse.ok(lines.length == 0 ? "Nothing counted yet." : lines.join("\n"));
}

/** Who acted, as players know them: the payload's `name` (say/pose carry it), else the actor id. */
function actorName(event: Event): string {
  const payload = event.payload;
  const name = payload == null ? "" : payload.getString("name");
  return name.length > 0 ? name : event.actorId;
}

/** The payload's `message`, else the raw payload. */
function messageOf(event: Event): string {
  const payload = event.payload;
  const message = payload == null ? "" : payload.getString("message");
  return message.length > 0 ? message : event.payloadText;
}

export function abort(message: string | null, file: string | null, line: u32, column: u32): void {
  pdkAbort(message, file, line, column);
}
