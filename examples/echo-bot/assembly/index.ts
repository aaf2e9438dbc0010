// The echo plugin (docs/wasm-abi.md) with the AssemblyScript flavour of @holomush/wasm-pdk.
import { ACTOR_CHARACTER, Event, JsonKind, Outcome, onEvent, pdkAbort, quote } from "@holomush/wasm-pdk/assembly";

export function handle_event(): i32 {
  return onEvent(echo);
}

function echo(event: Event): Outcome | null {
  // Only a character's speech: never answer plugins (that would loop) or the system.
  if (event.type != "say" || event.actorKind != ACTOR_CHARACTER) return null;
  const payload = event.payload;
  if (payload == null || payload.kind != JsonKind.Object) return null;
  const message = payload.getString("message");
  if (message.length == 0) return null;
  return new Outcome().emit(event.stream, "say", '{"message":' + quote("Echo: " + message) + "}");
}

export function abort(message: string | null, file: string | null, line: u32, column: u32): void {
  pdkAbort(message, file, line, column);
}
