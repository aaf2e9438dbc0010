// as-conf: the conformance probes (conformance/README.md) an AssemblyScript
// guest can serve through the WASM ABI: no focus or service host functions.
import {
  ACTOR_CHARACTER,
  CommandRequest,
  CommandResponse,
  Event,
  emit,
  JsonKind,
  JsonWriter,
  kvGet,
  kvList,
  kvSet,
  Outcome,
  onCommand,
  onEvent,
  pdkAbort,
  queryHistory,
  quote,
} from "@holomush/wasm-pdk/assembly";

export function handle_event(): i32 {
  return onEvent(react);
}

export function handle_command(): i32 {
  return onCommand(probe);
}

function react(event: Event): Outcome | null {
  if (event.type == "say" && event.actorKind == ACTOR_CHARACTER) {
    const payload = event.payload;
    if (payload == null || payload.kind != JsonKind.Object) return null;
    const message = payload.getString("message");
    if (message.length == 0) return null;
    return new Outcome().emit(event.stream, "say", '{"message":' + quote("Echo: " + message) + "}");
  }
  if (event.type == "conf.seq") return new Outcome().emit(event.stream, "conf.ack", event.payloadText);
  return null;
}

function status(kind: string, text: string): CommandResponse {
  return new CommandResponse(kind, text);
}

function probe(request: CommandRequest): CommandResponse {
  const args = request.args.trim();
  const space = args.indexOf(" ");
  const name = space < 0 ? args : args.substring(0, space);
  const rest = space < 0 ? "" : args.substring(space + 1).trim();
  const restSpace = rest.indexOf(" ");
  const first = restSpace < 0 ? rest : rest.substring(0, restSpace);
  const tail = restSpace < 0 ? "" : rest.substring(restSpace + 1);
  if (name == "status") {
    if (first == "ok" || first == "error" || first == "failure") return status(first, tail);
    return CommandResponse.error("usage: conf status ok|error|failure <text>");
  }
  if (name == "request") {
    return CommandResponse.ok(
      new JsonWriter()
        .string("command", request.command)
        .string("args", request.args)
        .string("characterId", request.characterId)
        .string("characterName", request.characterName)
        .string("locationId", request.locationId)
        .string("sessionId", request.sessionId)
        .string("playerId", request.playerId)
        .string("invokedAs", request.invokedAs)
        .toString(),
    );
  }
  if (name == "kv-set") {
    const result = kvSet(first, tail);
    return result.ok ? CommandResponse.ok("stored " + first) : status("failure", result.errorCode);
  }
  if (name == "kv-get") {
    const value = kvGet(rest);
    return value == null ? CommandResponse.error("no key " + rest) : CommandResponse.ok(value);
  }
  if (name == "kv-list") {
    const entries = kvList(rest);
    const keys: string[] = [];
    for (let i = 0; i < entries.length; i++) keys.push(entries[i].key);
    return CommandResponse.ok(keys.join(","));
  }
  if (name == "emit") {
    const result = emit(rest, "conf.emitted", '{"by":"as-conf"}');
    return result.ok ? CommandResponse.ok("emitted") : CommandResponse.error(result.errorCode);
  }
  if (name == "history") {
    const events = queryHistory(rest, 10);
    const messages: string[] = [];
    for (let i = 0; i < events.length; i++) {
      const payload = events[i].payload;
      messages.push(payload == null ? "" : payload.getString("message"));
    }
    return CommandResponse.ok(messages.join("|"));
  }
  if (name == "crash") unreachable();
  if (name == "sleep") {
    // No clock in the sandbox: spin until the host's deadline stops the call.
    let spins: i64 = 0;
    while (spins >= 0) spins++;
    return CommandResponse.ok("slept");
  }
  return CommandResponse.error("unknown probe " + name);
}

export function abort(message: string | null, file: string | null, line: u32, column: u32): void {
  pdkAbort(message, file, line, column);
}
