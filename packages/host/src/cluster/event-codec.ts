/** Events on the wire between hosts: the protobuf Event, its causation depth in a header. */
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { type Event, EventSchema } from "@holomush/proto";
import { headers, type MsgHdrs } from "@nats-io/transport-node";

/** Carries the echo-loop depth (event-bus.ts) so the guard holds across hosts. */
export const DEPTH_HEADER = "Holomush-Depth";
/** The host that published the event (logs, tests). */
export const NODE_HEADER = "Holomush-Node";

export function encodeEvent(event: Event): Uint8Array {
  return toBinary(EventSchema, event);
}

export function decodeEvent(data: Uint8Array): Event {
  return fromBinary(EventSchema, data);
}

export function eventHeaders(depth: number, node: string): MsgHdrs {
  const h = headers();
  h.set(DEPTH_HEADER, String(depth));
  h.set(NODE_HEADER, node);
  return h;
}

export function depthOf(h: MsgHdrs | undefined): number {
  const value = Number(h?.get(DEPTH_HEADER) ?? "0");
  return Number.isInteger(value) && value >= 0 ? value : 0;
}
