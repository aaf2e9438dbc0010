/**
 * The in-memory EventStore engine, for tests, the testkit and the demo host.
 * Each stream keeps its events sorted by ULID (= append order, since the bus
 * mints monotonic ULIDs), bounded to the newest `maxEventsPerStream`.
 * Query semantics live in history-request.ts and are shared by every engine.
 */
import type { Event } from "@holomush/proto";
import { HostError, HostErrorCode } from "../errors.js";
import type { EventStore, HistoryEntry, HistoryPage } from "./event-store.js";
import { checkEventId, encodeHistoryCursor } from "./history-cursor.js";
import { resolveHistoryRequest } from "./history-request.js";

/** Options of createMemoryEventStore. */
export interface MemoryEventStoreOptions {
  /**
   * Events kept per stream; older ones are dropped as new ones arrive, and a
   * cursor pointing at a dropped event still pages on correctly. Default 10000.
   */
  maxEventsPerStream?: number;
}

interface StreamLog {
  /** Events sorted by id; entries before `start` are dropped ones awaiting compaction. */
  events: Event[];
  start: number;
}

const DEFAULT_MAX_EVENTS_PER_STREAM = 10_000;
/** Compact a stream's array once this many dropped slots pile up at its front. */
const COMPACT_AFTER = 1024;

/** An in-memory EventStore (tests, the testkit, the demo host), keeping the newest events of each stream. */
export function createMemoryEventStore(options: MemoryEventStoreOptions = {}): EventStore {
  const max = options.maxEventsPerStream ?? DEFAULT_MAX_EVENTS_PER_STREAM;
  if (!Number.isSafeInteger(max) || max < 1) {
    throw new HostError(HostErrorCode.INVALID_ARGUMENT, `maxEventsPerStream must be a positive integer, got ${max}`, {
      field: "maxEventsPerStream",
    });
  }
  const streams = new Map<string, StreamLog>();
  let closed = false;

  function checkOpen(): void {
    if (closed) throw new HostError(HostErrorCode.STORAGE_UNAVAILABLE, "event store is closed");
  }

  function appendOne(event: Event): void {
    let log = streams.get(event.stream);
    if (!log) {
      log = { events: [], start: 0 };
      streams.set(event.stream, log);
    }
    insert(log, { ...event });
    trim(log, max);
  }

  return {
    async append(event) {
      checkOpen();
      checkEventId(event.id);
      appendOne(event);
    },

    async appendMany(events) {
      checkOpen();
      // All or nothing: every event is checked before any is stored.
      const batch = new Set<string>();
      for (const event of events) {
        checkEventId(event.id);
        const key = `${event.stream}\u0000${event.id}`;
        const log = streams.get(event.stream);
        if (batch.has(key) || (log !== undefined && log.events[lowerBound(log, event.id)]?.id === event.id)) {
          throw alreadyStored(event);
        }
        batch.add(key);
      }
      for (const event of events) appendOne(event);
    },

    async query(request) {
      checkOpen();
      const { stream, count, notBeforeMs, beforeEventId } = resolveHistoryRequest(request);
      const log = streams.get(stream);
      if (!log) return { entries: [], nextCursor: "" };
      const notBefore = BigInt(notBeforeMs);
      const end = beforeEventId === undefined ? log.events.length : lowerBound(log, beforeEventId);
      const picked: Event[] = [];
      for (let index = end - 1; index >= log.start && picked.length < count; index--) {
        const event = log.events[index];
        if (event.timestamp >= notBefore) picked.push(event);
      }
      picked.reverse();
      const entries: HistoryEntry[] = picked.map((event) => ({
        event: { ...event },
        cursor: encodeHistoryCursor({ stream, eventId: event.id }),
      }));
      return page(entries, count);
    },

    async close() {
      closed = true;
      streams.clear();
    },
  };
}

function page(entries: HistoryEntry[], count: number): HistoryPage {
  // A full page may have older events behind it: continue from its oldest entry.
  return { entries, nextCursor: entries.length === count ? entries[0].cursor : "" };
}

function alreadyStored(event: Event): HostError {
  return new HostError(HostErrorCode.INVALID_ARGUMENT, `event ${event.id} is already stored`, { field: "id" });
}

function insert(log: StreamLog, event: Event): void {
  const { events } = log;
  const last = events.at(-1);
  if (events.length === log.start || (last !== undefined && last.id < event.id)) {
    events.push(event);
    return;
  }
  const index = lowerBound(log, event.id);
  if (events[index]?.id === event.id) {
    throw alreadyStored(event);
  }
  events.splice(index, 0, event);
}

function trim(log: StreamLog, max: number): void {
  const excess = log.events.length - log.start - max;
  if (excess <= 0) return;
  log.start += excess;
  if (log.start >= COMPACT_AFTER && log.start * 2 >= log.events.length) {
    log.events.splice(0, log.start);
    log.start = 0;
  }
}

/** First index (>= start) whose event id is >= `id`. ULIDs sort as plain strings. */
function lowerBound(log: StreamLog, id: string): number {
  let low = log.start;
  let high = log.events.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (log.events[mid].id < id) low = mid + 1;
    else high = mid;
  }
  return low;
}
