/**
 * The argument rules of the KV store and its page-token codec, shared by
 * every engine (in-memory, PostgreSQL, PGlite) so they cannot drift.
 * Keys: 1..512 UTF-8 bytes, well-formed Unicode, no NUL. Values: at most
 * 1 MiB. Page size: 1..1000, 0 or absent means 100.
 */
import { HostError, HostErrorCode } from "../errors.js";
import { KV_LIMITS } from "./kv-store.js";
import { decodeOpaqueToken, encodeOpaqueToken } from "./opaque-token.js";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const PAGE_TOKEN_VERSION = 1;

export function checkKvNamespace(namespace: string): void {
  if (typeof namespace !== "string" || namespace.length === 0) {
    throw new HostError(HostErrorCode.INVALID_ARGUMENT, "KV namespace must be a non-empty string", {
      field: "namespace",
    });
  }
}

/** Validates a key (or, with `allowEmpty`, a list prefix). */
export function checkKvKey(key: string, field = "key", allowEmpty = false): void {
  const problem = describeKeyProblem(key, allowEmpty);
  if (problem) {
    throw new HostError(HostErrorCode.KV_KEY_INVALID, `KV ${field} ${problem}`, { field });
  }
}

function describeKeyProblem(key: string, allowEmpty: boolean): string | undefined {
  if (typeof key !== "string") return "must be a string";
  if (key.length === 0) return allowEmpty ? undefined : "must not be empty";
  if (key.includes("\0")) return "must not contain NUL";
  if (LONE_SURROGATE.test(key)) return "must be well-formed Unicode (lone surrogate)";
  const bytes = Buffer.byteLength(key, "utf8");
  if (bytes > KV_LIMITS.maxKeyBytes) return `is ${bytes} bytes; the limit is ${KV_LIMITS.maxKeyBytes} UTF-8 bytes`;
  return undefined;
}

export function checkKvValue(value: Uint8Array): void {
  if (!(value instanceof Uint8Array)) {
    throw new HostError(HostErrorCode.INVALID_ARGUMENT, "KV value must be a Uint8Array", { field: "value" });
  }
  if (value.byteLength > KV_LIMITS.maxValueBytes) {
    throw new HostError(
      HostErrorCode.KV_VALUE_TOO_LARGE,
      `KV value is ${value.byteLength} bytes; the limit is ${KV_LIMITS.maxValueBytes}`,
      { field: "value", details: { limit: String(KV_LIMITS.maxValueBytes) } },
    );
  }
}

/** 0 or undefined -> 100; 1..1000 as is; anything else is INVALID_ARGUMENT. */
export function resolveKvPageSize(pageSize: number | undefined): number {
  const size = pageSize ?? 0;
  if (size === 0) return KV_LIMITS.defaultPageSize;
  if (!Number.isInteger(size) || size < 1 || size > KV_LIMITS.maxPageSize) {
    throw new HostError(
      HostErrorCode.INVALID_ARGUMENT,
      `KV page size must be an integer from 1 to ${KV_LIMITS.maxPageSize} (0 means ${KV_LIMITS.defaultPageSize}), got ${size}`,
      { field: "pageSize" },
    );
  }
  return size;
}

/** A page token names the last key returned and the prefix it was listed under. */
export function encodeKvPageToken(prefix: string, lastKey: string): string {
  return encodeOpaqueToken({ v: PAGE_TOKEN_VERSION, p: prefix, k: lastKey });
}

/** Returns the last key of the previous page; garbage or another prefix's token is INVALID_ARGUMENT. */
export function decodeKvPageToken(token: string, prefix: string): string {
  const { v, p, k } = decodeOpaqueToken(token) ?? {};
  if (v !== PAGE_TOKEN_VERSION || typeof p !== "string" || typeof k !== "string" || !k.startsWith(p)) {
    throw new HostError(HostErrorCode.INVALID_ARGUMENT, "KV page token is malformed", { field: "pageToken" });
  }
  if (p !== prefix) {
    throw new HostError(HostErrorCode.INVALID_ARGUMENT, "KV page token was issued for another prefix", {
      field: "pageToken",
    });
  }
  return k;
}

/**
 * UTF-8 byte-order comparison of two well-formed keys, the order every engine
 * lists in. UTF-8 byte order is code-point order, which differs from JS's
 * UTF-16 order only between surrogates and U+E000..U+FFFF; remap those
 * instead of allocating buffers.
 */
export function compareKvKeys(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return x >= 0xd800 && y >= 0xd800 ? codePointRank(x) - codePointRank(y) : x - y;
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}
