/**
 * The argument rules of QueryStreamHistory, shared by every EventStore engine
 * so they cannot drift (docs/focus.md, "Stream history"): negative count
 * is an invalid argument, 0 or absent means 50, above 500 is clamped to 500;
 * a cursor must be one this stream minted.
 */
import { HostError, HostErrorCode } from "../errors.js";
import { HISTORY_LIMITS, type HistoryRequest } from "./event-store.js";
import { decodeHistoryCursor } from "./history-cursor.js";

export interface ResolvedHistoryRequest {
  stream: string;
  /** 1..500. */
  count: number;
  /** Only events with timestamp >= this; 0 means no bound. */
  notBeforeMs: number;
  /** Only events strictly older (smaller ULID) than this one; undefined means from the newest. */
  beforeEventId: string | undefined;
}

export function resolveHistoryRequest(request: HistoryRequest): ResolvedHistoryRequest {
  const { stream } = request;
  if (typeof stream !== "string") {
    throw new HostError(HostErrorCode.INVALID_ARGUMENT, "history stream must be a string", { field: "stream" });
  }
  const count = request.count ?? 0;
  if (!Number.isInteger(count) || count < 0) {
    throw new HostError(HostErrorCode.INVALID_ARGUMENT, `history count must be a non-negative integer, got ${count}`, {
      field: "count",
    });
  }
  const notBeforeMs = request.notBeforeMs ?? 0;
  if (!Number.isSafeInteger(notBeforeMs) || notBeforeMs < 0) {
    throw new HostError(
      HostErrorCode.INVALID_ARGUMENT,
      `history notBeforeMs must be a non-negative integer, got ${notBeforeMs}`,
      { field: "notBeforeMs" },
    );
  }
  const cursor = request.cursor ? decodeHistoryCursor(request.cursor, stream) : undefined;
  return {
    stream,
    count: count === 0 ? HISTORY_LIMITS.defaultCount : Math.min(count, HISTORY_LIMITS.maxCount),
    notBeforeMs,
    beforeEventId: cursor?.eventId,
  };
}
