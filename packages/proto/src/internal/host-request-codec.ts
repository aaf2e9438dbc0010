/**
 * Hand-rolled codecs for the host-call frames, ConnectRequest{host_request}
 * (the SDK encodes, the host decodes) and ConnectResponse{host_response} (the
 * host encodes, the SDK decodes), plus KvGet's request and response, the
 * hottest host call: reflection costs several µs per message, these a
 * fraction. Field numbers come from the generated descriptors; anything
 * unexpected makes a decoder return undefined so the caller falls back to
 * fromBinary.
 */
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import { type ErrorDetail, ErrorDetailSchema } from "../../gen/holomush/plugin/v1/errors_pb.js";
import {
  type KvGetRequest,
  KvGetRequestSchema,
  type KvGetResponse,
  KvGetResponseSchema,
} from "../../gen/holomush/plugin/v1/host_service_pb.js";
import {
  ConnectRequestSchema,
  ConnectResponseSchema,
  type HostRequest,
  HostRequestSchema,
  type HostResponse,
  HostResponseSchema,
} from "../../gen/holomush/plugin/v1/stream_pb.js";
import { assertSingleByteTags, varintSize, writeVarint } from "./varint.js";

const FIELD = {
  hostRequest: ConnectRequestSchema.field.hostRequest.number,
  hostResponse: ConnectResponseSchema.field.hostResponse.number,
  requestId: HostRequestSchema.field.requestId.number,
  method: HostRequestSchema.field.method.number,
  requestMessage: HostRequestSchema.field.message.number,
  responseId: HostResponseSchema.field.requestId.number,
  responseMessage: HostResponseSchema.field.message.number,
  code: HostResponseSchema.field.code.number,
  error: HostResponseSchema.field.error.number,
  kvKey: KvGetRequestSchema.field.key.number,
  kvValue: KvGetResponseSchema.field.value.number,
  kvFound: KvGetResponseSchema.field.found.number,
} as const;

assertSingleByteTags("host-request-codec", FIELD);

const LEN = WireType.LengthDelimited;

function bytesFieldSize(length: number): number {
  return length > 0 ? 1 + varintSize(length) + length : 0;
}

/** Writes `tag, length, bytes` (skipped when empty, as proto3 does). */
function writeBytes(out: Buffer, at: number, field: number, bytes: Uint8Array): number {
  if (bytes.length === 0) return at;
  out[at++] = (field << 3) | LEN;
  at = writeVarint(out, at, bytes.length);
  out.set(bytes, at);
  return at + bytes.length;
}

/** One `outer{inner{...}}` frame around an already-encoded inner body. */
function frame(outerField: number, body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(1 + varintSize(body.length) + body.length);
  out[0] = (outerField << 3) | LEN;
  const at = writeVarint(out, 1, body.length);
  out.set(body, at);
  return out;
}

/** ConnectRequest{host_request: HostRequest{request_id, method, message}}. */
export function encodeHostRequest(requestId: bigint, method: string, message: Uint8Array): Uint8Array {
  const id = Number(requestId);
  if (!Number.isSafeInteger(id) || id < 0) {
    const value = { requestId, method, message };
    return toBinary(ConnectRequestSchema, create(ConnectRequestSchema, { frame: { case: "hostRequest", value } }));
  }
  const name = Buffer.from(method, "utf8");
  const size = (id > 0 ? 1 + varintSize(id) : 0) + bytesFieldSize(name.length) + bytesFieldSize(message.length);
  const body = Buffer.allocUnsafe(size);
  let at = 0;
  if (id > 0) {
    body[at++] = (FIELD.requestId << 3) | WireType.Varint;
    at = writeVarint(body, at, id);
  }
  at = writeBytes(body, at, FIELD.method, name);
  writeBytes(body, at, FIELD.requestMessage, message);
  return frame(FIELD.hostRequest, body);
}

/** The HostRequest inside ConnectRequest{host_request}, or undefined for any other frame. */
export function decodeHostRequest(bytes: Uint8Array): HostRequest | undefined {
  const inner = unwrap(bytes, FIELD.hostRequest);
  if (inner === undefined) return undefined;
  const request: HostRequest = {
    $typeName: "holomush.plugin.v1.HostRequest",
    requestId: 0n,
    method: "",
    message: new Uint8Array(0),
  };
  while (inner.pos < inner.len) {
    const [number, type] = inner.tag();
    if (number === FIELD.requestId && type === WireType.Varint) request.requestId = BigInt(inner.uint64());
    else if (number === FIELD.method && type === LEN) request.method = inner.string();
    else if (number === FIELD.requestMessage && type === LEN) request.message = inner.bytes();
    else return undefined;
  }
  return request;
}

/** ConnectResponse{host_response: HostResponse{request_id, message | code + error}}. */
export function encodeHostResponse(
  requestId: bigint,
  answer: { message: Uint8Array } | { code: number; error?: ErrorDetail },
): Uint8Array {
  const id = Number(requestId);
  if (!Number.isSafeInteger(id) || id < 0) {
    const value = { requestId, ...answer };
    return toBinary(ConnectResponseSchema, create(ConnectResponseSchema, { frame: { case: "hostResponse", value } }));
  }
  const message = "message" in answer ? answer.message : new Uint8Array(0);
  const code = "code" in answer ? answer.code : 0;
  const error = "code" in answer && answer.error ? toBinary(ErrorDetailSchema, answer.error) : new Uint8Array(0);
  const size =
    (id > 0 ? 1 + varintSize(id) : 0) +
    bytesFieldSize(message.length) +
    (code > 0 ? 1 + varintSize(code) : 0) +
    bytesFieldSize(error.length);
  const body = Buffer.allocUnsafe(size);
  let at = 0;
  if (id > 0) {
    body[at++] = (FIELD.responseId << 3) | WireType.Varint;
    at = writeVarint(body, at, id);
  }
  at = writeBytes(body, at, FIELD.responseMessage, message);
  if (code > 0) {
    body[at++] = (FIELD.code << 3) | WireType.Varint;
    at = writeVarint(body, at, code);
  }
  writeBytes(body, at, FIELD.error, error);
  return frame(FIELD.hostResponse, body);
}

/** The HostResponse inside ConnectResponse{host_response}, or undefined for any other frame. */
export function decodeHostResponse(bytes: Uint8Array): HostResponse | undefined {
  const inner = unwrap(bytes, FIELD.hostResponse);
  if (inner === undefined) return undefined;
  const response: HostResponse = {
    $typeName: "holomush.plugin.v1.HostResponse",
    requestId: 0n,
    message: new Uint8Array(0),
    code: 0,
  };
  while (inner.pos < inner.len) {
    const [number, type] = inner.tag();
    if (number === FIELD.responseId && type === WireType.Varint) response.requestId = BigInt(inner.uint64());
    else if (number === FIELD.responseMessage && type === LEN) response.message = inner.bytes();
    else if (number === FIELD.code && type === WireType.Varint) response.code = inner.int32();
    else if (number === FIELD.error && type === LEN) response.error = fromBinary(ErrorDetailSchema, inner.bytes());
    else return undefined;
  }
  return response;
}

/** KvGetRequest{key}. */
export function encodeKvGetRequest(key: string): Uint8Array {
  const text = Buffer.from(key, "utf8");
  const out = Buffer.allocUnsafe(bytesFieldSize(text.length));
  writeBytes(out, 0, FIELD.kvKey, text);
  return out;
}

/** KvGetRequest, or undefined for anything unexpected (reflection then decides, with its error). */
export function decodeKvGetRequest(bytes: Uint8Array): KvGetRequest | undefined {
  try {
    const reader = new BinaryReader(bytes);
    let key = "";
    while (reader.pos < reader.len) {
      const [number, type] = reader.tag();
      if (number === FIELD.kvKey && type === LEN) key = reader.string();
      else return undefined;
    }
    return { $typeName: "holomush.plugin.v1.KvGetRequest", key };
  } catch {
    return undefined;
  }
}

/** KvGetResponse{value, found}. */
export function encodeKvGetResponse(value: Uint8Array, found: boolean): Uint8Array {
  const out = Buffer.allocUnsafe(bytesFieldSize(value.length) + (found ? 2 : 0));
  let at = writeBytes(out, 0, FIELD.kvValue, value);
  if (found) {
    out[at++] = (FIELD.kvFound << 3) | WireType.Varint;
    out[at++] = 1;
  }
  return out;
}

/** KvGetResponse, or undefined for anything unexpected (reflection then decides, with its error). */
export function decodeKvGetResponse(bytes: Uint8Array): KvGetResponse | undefined {
  try {
    const reader = new BinaryReader(bytes);
    const response: KvGetResponse = {
      $typeName: "holomush.plugin.v1.KvGetResponse",
      value: new Uint8Array(0),
      found: false,
    };
    while (reader.pos < reader.len) {
      const [number, type] = reader.tag();
      if (number === FIELD.kvValue && type === LEN) response.value = reader.bytes();
      else if (number === FIELD.kvFound && type === WireType.Varint) response.found = reader.bool();
      else return undefined;
    }
    return response;
  } catch {
    return undefined;
  }
}

/** A reader over the one length-delimited `field` that makes up `bytes`, or undefined. */
function unwrap(bytes: Uint8Array, field: number): BinaryReader | undefined {
  const outer = new BinaryReader(bytes);
  if (outer.len === 0) return undefined;
  const [number, type] = outer.tag();
  if (number !== field || type !== LEN) return undefined;
  const inner = new BinaryReader(outer.bytes());
  if (outer.pos < outer.len) return undefined;
  return inner;
}
