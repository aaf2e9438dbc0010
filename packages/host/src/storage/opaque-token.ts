/**
 * The encoding behind every opaque token the storage layer hands out (history
 * cursors, KV page tokens): base64url of a small versioned JSON object. Callers
 * must treat tokens as opaque; engines share this codec so a token minted by
 * one engine means the same thing to another.
 */

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** Encodes a JSON-serialisable record as an unpadded base64url string. */
export function encodeOpaqueToken(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

/**
 * Decodes a token made by `encodeOpaqueToken`. Returns undefined for anything
 * else (bad alphabet, non-canonical base64url, invalid JSON, not an object),
 * so each caller can raise its own coded error.
 */
export function decodeOpaqueToken(token: string): Record<string, unknown> | undefined {
  if (!BASE64URL.test(token)) return undefined;
  const bytes = Buffer.from(token, "base64url");
  // Buffer's decoder is lenient; insist on the canonical form we emit.
  if (bytes.toString("base64url") !== token) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString("utf8"));
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return undefined;
  return parsed as Record<string, unknown>;
}
