/**
 * The event history seam: every published event is appended, and
 * QueryStreamHistory reads a stream's tail with opaque cursors (docs/focus.md:
 * oldest -> newest within a page, next_cursor only after a full page,
 * continuing toward older events; count clamped to 500).
 */
import type { Event } from "@holomush/proto";

/** A stored event with the cursor of its position. */
export interface HistoryEntry {
  /** The stored event. */
  event: Event;
  /** Opaque cursor positioned at this event. */
  cursor: string;
}

/** One page of a stream's history, oldest to newest. */
export interface HistoryPage {
  /** The page's events, oldest first. */
  entries: HistoryEntry[];
  /** Set only when a full page came back. */
  nextCursor: string;
}

/** Which page of a stream's history to read (limits: HISTORY_LIMITS). */
export interface HistoryRequest {
  /** The stream (an exact name, not a pattern). */
  stream: string;
  count?: number;
  notBeforeMs?: number;
  cursor?: string;
}

/** The event history seam: every published event is appended; history is read a page at a time, toward older events. */
export interface EventStore {
  /** Resolves once the event is durable for the engine. */
  append(event: Event): Promise<void>;
  /**
   * Optional group commit: stores all the events, in order, in one write, or
   * none of them. The bus uses it for events that queued up while the
   * previous write ran (one INSERT of ten rows costs PGlite about a fifth of
   * ten INSERTs; docs/benchmarks.md), and falls back to `append` one at a
   * time when it fails, so one bad event fails only its own publish.
   */
  appendMany?(events: readonly Event[]): Promise<void>;
  /** One page of a stream's history; invalid arguments (negative count, bad cursor) are coded errors. */
  query(request: HistoryRequest): Promise<HistoryPage>;
  /** Releases the engine's resources. */
  close?(): Promise<void>;
}

/**
 * Events the bus hands to one `appendMany` at most; the SQL engine also
 * writes this many rows per INSERT (7 parameters each, far below
 * PostgreSQL's 65,535).
 */
export const MAX_GROUP_COMMIT = 64;

/** History page sizes: 50 events when the count is 0 or absent, at most 500. */
export const HISTORY_LIMITS = {
  defaultCount: 50,
  maxCount: 500,
} as const;
