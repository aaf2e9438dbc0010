/**
 * History cursors: opaque strings naming one event of one stream. Every
 * EventStore engine uses this codec, so cursors stay valid across engines and
 * restarts (they hold the event's ULID, not an engine-specific offset).
 * Layout (version 1): base64url of `{"v":1,"s":<stream>,"id":<ULID>}`.
 */
import { HostError, HostErrorCode } from "../errors.js";
import { decodeOpaqueToken, encodeOpaqueToken } from "./opaque-token.js";

/** Crockford base32, 26 characters, first one at most 7 (48-bit time). */
const ULID_PATTERN = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;
const CURSOR_VERSION = 1;

export interface HistoryCursor {
  stream: string;
  /** ULID of the event the cursor is positioned at. */
  eventId: string;
}

export function isUlid(value: string): boolean {
  return ULID_PATTERN.test(value);
}

export function encodeHistoryCursor(cursor: HistoryCursor): string {
  if (!isUlid(cursor.eventId)) {
    throw new HostError(HostErrorCode.INVALID_ARGUMENT, `event id ${JSON.stringify(cursor.eventId)} is not a ULID`, {
      field: "id",
    });
  }
  return encodeOpaqueToken({ v: CURSOR_VERSION, s: cursor.stream, id: cursor.eventId });
}

/**
 * Decodes a cursor; with `stream`, also refuses a cursor minted for another
 * stream. Anything malformed is INVALID_CURSOR.
 */
export function decodeHistoryCursor(token: string, stream?: string): HistoryCursor {
  const decoded = decodeOpaqueToken(token);
  const { v, s, id } = decoded ?? {};
  if (v !== CURSOR_VERSION || typeof s !== "string" || typeof id !== "string" || !isUlid(id)) {
    throw new HostError(HostErrorCode.INVALID_CURSOR, "history cursor is malformed", { field: "cursor" });
  }
  if (stream !== undefined && s !== stream) {
    throw new HostError(HostErrorCode.INVALID_CURSOR, `history cursor belongs to another stream, not ${stream}`, {
      field: "cursor",
      details: { stream },
    });
  }
  return { stream: s, eventId: id };
}

/** What every engine checks before appending: the bus gives every event a ULID. */
export function checkEventId(id: string): void {
  if (!isUlid(id)) {
    throw new HostError(HostErrorCode.INVALID_ARGUMENT, `event id ${JSON.stringify(id)} is not a ULID`, {
      field: "id",
    });
  }
}
