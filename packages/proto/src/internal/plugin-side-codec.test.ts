import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { ActorKind, ConnectRequestSchema, ConnectResponseSchema } from "../index.js";
import { decodeEventCall } from "./event-call-codec.js";
import { encodeEventReply } from "./event-reply-codec.js";

describe("encodeEventReply", () => {
  it("encodes what reflection would, with and without a result", () => {
    const outcomes = [
      {
        events: [
          { stream: "location:1", type: "say", payload: '{"text":"héllo"}' },
          { stream: "", type: "x" },
        ],
      },
      { events: [], result: { cancel: true, payload: "{}", reason: "no" } },
    ];
    for (const outcome of outcomes) {
      const decoded = fromBinary(ConnectRequestSchema, encodeEventReply(9n, outcome));
      const expected = create(ConnectRequestSchema, {
        frame: { case: "reply", value: { callId: 9n, reply: { case: "event", value: outcome } } },
      });
      expect(decoded).toEqual(expected);
    }
  });
});

describe("decodeEventCall", () => {
  const encode = (frame: Parameters<typeof create<typeof ConnectResponseSchema>>[1]) =>
    toBinary(ConnectResponseSchema, create(ConnectResponseSchema, frame));

  it("decodes event calls as reflection would", () => {
    const event = {
      id: "01HZ0000000000000000000001",
      stream: "location:1",
      type: "say",
      timestamp: 1_700_000_000_000n,
      actorKind: ActorKind.CHARACTER,
      actorId: "char-1",
      payload: '{"text":"héllo"}',
    };
    for (const value of [
      { event, cancellable: true, deadlineMs: 1_700_000_005_000n },
      { event: {}, deadlineMs: 0n },
    ]) {
      const bytes = encode({ frame: { case: "call", value: { callId: 5n, call: { case: "event", value } } } });
      expect(decodeEventCall(bytes)).toEqual(fromBinary(ConnectResponseSchema, bytes));
    }
  });

  it("leaves every other frame to reflection", () => {
    const others = [
      encode({ frame: { case: "call", value: { callId: 1n, call: { case: "init", value: {} } } } }),
      encode({ frame: { case: "ping", value: { nonce: 1n } } }),
      encode({ frame: { case: "hello", value: { apiVersion: "v1" } } }),
    ];
    for (const bytes of others) expect(decodeEventCall(bytes)).toBeUndefined();
  });
});
