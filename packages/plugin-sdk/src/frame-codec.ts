/**
 * Hand-rolled codecs for the two hottest frames, HostCall{event} in and
 * PluginReply{event} out: reflection costs ~4 µs to decode a call and ~7 µs
 * to encode a reply, these ~1 µs each. Field numbers come from the
 * generated descriptors; anything unexpected falls back to reflection.
 */
import { create, toBinary } from "@bufbuild/protobuf";
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import {
  type ActorKind,
  ConnectRequestSchema,
  type ConnectResponse,
  ConnectResponseSchema,
  EmitEventSchema,
  type Event,
  EventResultSchema,
  EventSchema,
  HandleEventRequestSchema,
  HandleEventResponseSchema,
  HostCallSchema,
  PluginReplySchema,
} from "@holomush/proto";
import type { EmitEvent, EventResultInit } from "./plugin-handler.js";

const FIELD = {
  reply: ConnectRequestSchema.field.reply.number,
  callId: PluginReplySchema.field.callId.number,
  event: PluginReplySchema.field.event.number,
  events: HandleEventResponseSchema.field.events.number,
  result: HandleEventResponseSchema.field.result.number,
  stream: EmitEventSchema.field.stream.number,
  type: EmitEventSchema.field.type.number,
  payload: EmitEventSchema.field.payload.number,
} as const;

/** ConnectRequest{reply: PluginReply{call_id, event: HandleEventResponse{events, result}}}. */
export function encodeEventReply(
  callId: bigint,
  outcome: { events: EmitEvent[]; result?: EventResultInit },
): Uint8Array {
  const id = Number(callId);
  if (!Number.isSafeInteger(id)) {
    const reply = { callId, reply: { case: "event" as const, value: outcome } };
    return toBinary(ConnectRequestSchema, create(ConnectRequestSchema, { frame: { case: "reply", value: reply } }));
  }
  // Sizes first, then one buffer: BinaryWriter's fork/join/finish cost more than the whole frame.
  const strings = outcome.events.map((event) => [event.stream ?? "", event.type ?? "", event.payload ?? ""] as const);
  const lengths = strings.map((fields) => fields.map((text) => Buffer.byteLength(text)));
  const eventSizes = lengths.map((fields) =>
    fields.reduce((sum, length) => sum + (length > 0 ? 1 + varintSize(length) + length : 0), 0),
  );
  const result = outcome.result ? toBinary(EventResultSchema, create(EventResultSchema, outcome.result)) : undefined;
  const responseSize =
    eventSizes.reduce((sum, size) => sum + 1 + varintSize(size) + size, 0) +
    (result ? 1 + varintSize(result.length) + result.length : 0);
  const replySize = 1 + varintSize(id) + 1 + varintSize(responseSize) + responseSize;
  const out = Buffer.allocUnsafe(1 + varintSize(replySize) + replySize);
  let at = 0;
  out[at++] = (FIELD.reply << 3) | WireType.LengthDelimited;
  at = writeVarint(out, at, replySize);
  out[at++] = (FIELD.callId << 3) | WireType.Varint;
  at = writeVarint(out, at, id);
  out[at++] = (FIELD.event << 3) | WireType.LengthDelimited;
  at = writeVarint(out, at, responseSize);
  const numbers = [FIELD.stream, FIELD.type, FIELD.payload];
  strings.forEach((fields, index) => {
    out[at++] = (FIELD.events << 3) | WireType.LengthDelimited;
    at = writeVarint(out, at, eventSizes[index] ?? 0);
    fields.forEach((text, field) => {
      const length = lengths[index]?.[field] ?? 0;
      if (length === 0) return;
      out[at++] = ((numbers[field] ?? 0) << 3) | WireType.LengthDelimited;
      at = writeVarint(out, at, length);
      at += out.write(text, at, "utf8");
    });
  });
  if (result) {
    out[at++] = (FIELD.result << 3) | WireType.LengthDelimited;
    at = writeVarint(out, at, result.length);
    out.set(result, at);
  }
  return out;
}

// Single-byte tags need field numbers below 16.
for (const number of Object.values(FIELD)) {
  if (number >= 16) throw new Error(`frame-codec: field number ${number} needs a multi-byte tag`);
}

function varintSize(value: number): number {
  let size = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 0x80)) size++;
  return size;
}

function writeVarint(out: Uint8Array, offset: number, value: number): number {
  let at = offset;
  let rest = value;
  while (rest >= 0x80) {
    out[at++] = (rest % 0x80) | 0x80;
    rest = Math.floor(rest / 0x80);
  }
  out[at++] = rest;
  return at;
}

const CALL = {
  call: ConnectResponseSchema.field.call.number,
  callId: HostCallSchema.field.callId.number,
  event: HostCallSchema.field.event.number,
  requestEvent: HandleEventRequestSchema.field.event.number,
  cancellable: HandleEventRequestSchema.field.cancellable.number,
  deadlineMs: HandleEventRequestSchema.field.deadlineMs.number,
  id: EventSchema.field.id.number,
  stream: EventSchema.field.stream.number,
  type: EventSchema.field.type.number,
  timestamp: EventSchema.field.timestamp.number,
  actorKind: EventSchema.field.actorKind.number,
  actorId: EventSchema.field.actorId.number,
  payload: EventSchema.field.payload.number,
} as const;

/** ConnectResponse{call: HostCall{call_id, event}}, or undefined for anything else (use fromBinary). */
export function decodeEventCall(bytes: Uint8Array): ConnectResponse | undefined {
  const outer = new BinaryReader(bytes);
  if (outer.len === 0) return undefined;
  const [field, wire] = outer.tag();
  if (field !== CALL.call || wire !== WireType.LengthDelimited) return undefined;
  const call = new BinaryReader(outer.bytes());
  if (outer.pos < outer.len) return undefined;
  let callId = 0n;
  let body: Uint8Array | undefined;
  while (call.pos < call.len) {
    const [number, type] = call.tag();
    if (number === CALL.callId && type === WireType.Varint) callId = BigInt(call.uint64());
    else if (number === CALL.event && type === WireType.LengthDelimited && !body) body = call.bytes();
    else return undefined;
  }
  if (!body) return undefined;
  const request = new BinaryReader(body);
  let event: Event | undefined;
  let cancellable = false;
  let deadlineMs = 0n;
  while (request.pos < request.len) {
    const [number, type] = request.tag();
    if (number === CALL.requestEvent && type === WireType.LengthDelimited) {
      event = decodeEvent(request.bytes());
      if (!event) return undefined;
    } else if (number === CALL.cancellable && type === WireType.Varint) cancellable = request.bool();
    else if (number === CALL.deadlineMs && type === WireType.Varint) deadlineMs = BigInt(request.int64());
    else return undefined;
  }
  return {
    $typeName: "holomush.plugin.v1.ConnectResponse",
    frame: {
      case: "call",
      value: {
        $typeName: "holomush.plugin.v1.HostCall",
        callId,
        call: {
          case: "event",
          value: {
            $typeName: "holomush.plugin.v1.HandleEventRequest",
            ...(event ? { event } : {}),
            cancellable,
            deadlineMs,
          },
        },
      },
    },
  };
}

function decodeEvent(bytes: Uint8Array): Event | undefined {
  const reader = new BinaryReader(bytes);
  const event: Event = {
    $typeName: "holomush.plugin.v1.Event",
    id: "",
    stream: "",
    type: "",
    timestamp: 0n,
    actorKind: 0,
    actorId: "",
    payload: "",
  };
  while (reader.pos < reader.len) {
    const [number, type] = reader.tag();
    if (type === WireType.Varint) {
      if (number === CALL.timestamp) event.timestamp = BigInt(reader.int64());
      else if (number === CALL.actorKind) event.actorKind = reader.int32() as ActorKind;
      else return undefined;
    } else if (type === WireType.LengthDelimited) {
      if (number === CALL.id) event.id = reader.string();
      else if (number === CALL.stream) event.stream = reader.string();
      else if (number === CALL.type) event.type = reader.string();
      else if (number === CALL.actorId) event.actorId = reader.string();
      else if (number === CALL.payload) event.payload = reader.string();
      else return undefined;
    } else return undefined;
  }
  return event;
}
