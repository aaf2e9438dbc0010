// The echo plugin (docs/wasm-abi.md) over the JS flavour of @holomush/wasm-pdk.
import { ActorKind, host, onEvent } from "@holomush/wasm-pdk";

export const handle_event = onEvent<{ message: string }>((event) => {
  // Only a character's speech: never answer plugins (that would loop) or the system.
  if (event.type !== "say" || event.actor_kind !== ActorKind.character) return;
  const message = typeof event.payload.message === "string" ? event.payload.message : "";
  if (message === "") return;
  host.log("debug", "echoing", { stream: event.stream });
  return { events: [{ stream: event.stream, type: "say", payload: { message: `Echo: ${message}` } }] };
});
