/**
 * The event history seam: every published event is appended, and
 * QueryStreamHistory reads a stream's tail with opaque cursors (FACTS.md:
 * oldest -> newest within a page, next_cursor only after a full page,
 * continuing toward older events; count clamped to 500).
 */
import type { Event } from "@holomush/proto";

export interface HistoryEntry {
  event: Event;
  /** Opaque cursor positioned at this event. */
  cursor: string;
}

export interface HistoryPage {
  entries: HistoryEntry[];
  /** Set only when a full page came back. */
  nextCursor: string;
}

export interface HistoryRequest {
  stream: string;
  count?: number;
  notBeforeMs?: number;
  cursor?: string;
}

export interface EventStore {
  /** Resolves once the event is durable for the engine. */
  append(event: Event): Promise<void>;
  query(request: HistoryRequest): Promise<HistoryPage>;
  close?(): Promise<void>;
}

export const HISTORY_LIMITS = {
  defaultCount: 50,
  maxCount: 500,
} as const;
