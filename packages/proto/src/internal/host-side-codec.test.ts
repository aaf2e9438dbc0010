import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { ActorKind, ConnectRequestSchema, ConnectResponseSchema, type Event, EventSchema } from "../index.js";
import { encodeEventCall } from "./event-call-codec.js";
import { decodeEventReply } from "./event-reply-codec.js";

function fixtureEvent(payload: unknown, seq = 0): Event {
  return create(EventSchema, {
    id: `01HZ${String(seq).padStart(22, "0")}`,
    stream: "location:1",
    type: "say",
    timestamp: BigInt(Date.now()),
    actorKind: ActorKind.CHARACTER,
    actorId: "char-1",
    payload: JSON.stringify(payload),
  });
}

describe("encodeEventCall", () => {
  it("encodes the same frame reflection would, for messages and plain events", () => {
    const event = fixtureEvent({ text: "héllo" }, 3);
    for (const request of [
      { event, cancellable: true, deadlineMs: 1_700_000_000_123n },
      { event: { ...event, $typeName: undefined }, cancellable: false, deadlineMs: 0n },
      { event, cancellable: false, deadlineMs: -5n },
    ]) {
      const decoded = fromBinary(ConnectResponseSchema, encodeEventCall(42n, request));
      const expected = create(ConnectResponseSchema, {
        frame: { case: "call", value: { callId: 42n, call: { case: "event", value: { ...request, event } } } },
      });
      expect(decoded).toEqual(expected);
    }
  });
});

describe("decodeEventReply", () => {
  const encode = (frame: Parameters<typeof create<typeof ConnectRequestSchema>>[1]) =>
    toBinary(ConnectRequestSchema, create(ConnectRequestSchema, frame));

  it("decodes event replies as reflection would", () => {
    for (const value of [
      {
        events: [
          { stream: "location:1", type: "say", payload: '{"t":"é"}' },
          { stream: "", type: "x", payload: "" },
        ],
      },
      { events: [], result: { cancel: true, payload: "{}", reason: "no" } },
      { events: [] },
    ]) {
      const bytes = encode({ frame: { case: "reply", value: { callId: 77n, reply: { case: "event", value } } } });
      const expected = fromBinary(ConnectRequestSchema, bytes).frame.value;
      expect(decodeEventReply(bytes)).toEqual(expected);
    }
  });

  it("leaves every other frame to reflection", () => {
    const others = [
      encode({ frame: { case: "reply", value: { callId: 1n, reply: { case: "error", value: { code: "X" } } } } }),
      encode({ frame: { case: "reply", value: { callId: 1n, reply: { case: "init", value: {} } } } }),
      encode({ frame: { case: "pong", value: { nonce: 3n } } }),
      new Uint8Array(),
    ];
    for (const bytes of others) expect(decodeEventReply(bytes)).toBeUndefined();
  });
});

describe("the cached event bytes", () => {
  it("follow an event mutated in place", () => {
    const event = fixtureEvent({ text: "before" });
    encodeEventCall(1n, { event });
    event.payload = JSON.stringify({ text: "after" });
    const decoded = fromBinary(ConnectResponseSchema, encodeEventCall(2n, { event }));
    const call = decoded.frame.case === "call" ? decoded.frame.value.call : undefined;
    expect(call?.case === "event" ? call.value.event?.payload : undefined).toBe('{"text":"after"}');
  });
});
