/**
 * What the host hands a guest, as JSON text: the ABI's event object, a
 * snake_case CommandRequest, and the ServiceConfig for `init`.
 */
import { toJson } from "@bufbuild/protobuf";
import {
  type CommandRequest,
  CommandRequestSchema,
  type Event,
  type GuestEvent,
  type ServiceConfig,
  ServiceConfigSchema,
} from "@holomush/proto";
import { toSeedActorKind } from "./actor-kind-codec.js";

/** The event shape (docs/wasm-abi.md "handle_event"), defined once in @holomush/proto. */
export type { GuestEvent };

export function toGuestEvent(event: Event): GuestEvent {
  return {
    id: event.id,
    stream: event.stream,
    type: event.type,
    timestamp: Number(event.timestamp),
    actor_kind: toSeedActorKind(event.actorKind),
    actor_id: event.actorId,
    payload: event.payload,
  };
}

export function encodeGuestEvent(event: Event): string {
  return JSON.stringify(toGuestEvent(event));
}

/** CommandRequest with proto field names (`character_id`, `invoked_as`, ...). */
export function encodeGuestCommand(request: CommandRequest): string {
  return JSON.stringify(toJson(CommandRequestSchema, request, { useProtoFieldName: true, alwaysEmitImplicit: true }));
}

/** ServiceConfig with proto field names; `plugin_config` is the manifest's config object. */
export function encodeGuestConfig(config: ServiceConfig): string {
  return JSON.stringify(toJson(ServiceConfigSchema, config, { useProtoFieldName: true, alwaysEmitImplicit: true }));
}
