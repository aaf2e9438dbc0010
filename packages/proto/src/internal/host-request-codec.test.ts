import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import {
  ConnectRequestSchema,
  ConnectResponseSchema,
  ErrorDetailSchema,
  KvGetRequestSchema,
  KvGetResponseSchema,
} from "../index.js";
import {
  decodeHostRequest,
  decodeHostResponse,
  decodeKvGetRequest,
  decodeKvGetResponse,
  encodeHostRequest,
  encodeHostResponse,
  encodeKvGetRequest,
  encodeKvGetResponse,
} from "./host-request-codec.js";

/** Plain data for comparison: Buffer and Uint8Array views of the same bytes are equal here. */
function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) return Array.from(value);
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, plain(field)]));
  }
  return value;
}

describe("host request frames", () => {
  it("encode what reflection decodes, and decode what reflection encodes", () => {
    for (const [id, method, message] of [
      [7n, "KvGet", new Uint8Array([10, 1, 97])],
      [0n, "", new Uint8Array()],
      [2n ** 40n, "EmitEvent", new Uint8Array(300).fill(1)],
    ] as const) {
      const value = { requestId: id, method, message };
      const expected = create(ConnectRequestSchema, { frame: { case: "hostRequest", value } });
      expect(plain(fromBinary(ConnectRequestSchema, encodeHostRequest(id, method, message)))).toEqual(plain(expected));
      const decoded = decodeHostRequest(toBinary(ConnectRequestSchema, expected));
      expect(plain(decoded)).toEqual(plain(expected.frame.value));
    }
  });

  it("round-trip answers and coded errors; other frames are left to reflection", () => {
    const error = create(ErrorDetailSchema, { code: "KV_KEY_INVALID", message: "bad key", metadata: { field: "key" } });
    for (const [id, answer] of [
      [3n, { message: new Uint8Array([1, 2, 3]) }],
      [4n, { code: 3, error }],
      [5n, { code: 8 }],
    ] as const) {
      const bytes = encodeHostResponse(id, answer);
      const expected = create(ConnectResponseSchema, {
        frame: { case: "hostResponse", value: { requestId: id, ...answer } },
      });
      expect(plain(fromBinary(ConnectResponseSchema, bytes))).toEqual(plain(expected));
      expect(plain(decodeHostResponse(bytes))).toEqual(plain(expected.frame.value));
    }
    const ping = toBinary(ConnectResponseSchema, create(ConnectResponseSchema, { frame: { case: "ping", value: {} } }));
    expect(decodeHostResponse(ping)).toBeUndefined();
    const pong = toBinary(ConnectRequestSchema, create(ConnectRequestSchema, { frame: { case: "pong", value: {} } }));
    expect(decodeHostRequest(pong)).toBeUndefined();
  });

  it("KvGet messages match reflection", () => {
    for (const key of ["", "key:0001", "ünïcode"]) {
      expect(fromBinary(KvGetRequestSchema, encodeKvGetRequest(key)).key).toBe(key);
      expect(decodeKvGetRequest(toBinary(KvGetRequestSchema, create(KvGetRequestSchema, { key })))?.key).toBe(key);
    }
    for (const [value, found] of [
      [new Uint8Array(), false],
      [new Uint8Array(), true],
      [new Uint8Array(64).fill(7), true],
    ] as const) {
      const expected = create(KvGetResponseSchema, { value, found });
      expect(plain(fromBinary(KvGetResponseSchema, encodeKvGetResponse(value, found)))).toEqual(plain(expected));
      expect(plain(decodeKvGetResponse(toBinary(KvGetResponseSchema, expected)))).toEqual(plain(expected));
    }
    expect(decodeKvGetRequest(new Uint8Array([0xff, 0xff, 0xff]))).toBeUndefined();
  });
});
