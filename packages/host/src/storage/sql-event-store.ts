/**
 * The SQL EventStore engine (PostgreSQL and PGlite through SqlClient),
 * behaving exactly like the in-memory engine for QueryStreamHistory: same
 * argument rules (history-request.ts), same cursors (history-cursor.ts, which
 * hold the ULID, so they stay valid across restarts and engines), pages read
 * newest-first by ULID and returned oldest -> newest.
 *
 * Unlike the in-memory engine it keeps every event (no per-stream cap):
 * history is the durable record. `append` resolves after its commit.
 */
import { create } from "@bufbuild/protobuf";
import { type Event, EventSchema } from "@holomush/proto";
import { HostError, HostErrorCode } from "../errors.js";
import type { EventStore, HistoryEntry } from "./event-store.js";
import { checkEventId, encodeHistoryCursor } from "./history-cursor.js";
import { resolveHistoryRequest } from "./history-request.js";
import { HOST_SCHEMA } from "./host-migrations.js";
import { bigintFromColumn, type SqlClient, SqlState, sqlStateOf, toStorageError } from "./sql-client.js";

const TABLE = `${HOST_SCHEMA}.events`;
const COLUMNS = "id, type, ts::text AS ts, actor_kind, actor_id, payload";

const SQL = {
  append: `INSERT INTO ${TABLE} (stream, id, type, ts, actor_kind, actor_id, payload)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
  newest: `SELECT ${COLUMNS} FROM ${TABLE}
           WHERE stream = $1 AND ts >= $2 ORDER BY id DESC LIMIT $3`,
  before: `SELECT ${COLUMNS} FROM ${TABLE}
           WHERE stream = $1 AND ts >= $2 AND id < $4 ORDER BY id DESC LIMIT $3`,
} as const;

interface EventRow {
  id: string;
  type: string;
  ts: unknown;
  actor_kind: number;
  actor_id: string;
  payload: string;
}

/** An EventStore on SQL (PostgreSQL or PGlite), behaving like the in-memory one. */
export function createSqlEventStore(client: SqlClient): EventStore {
  let closed = false;

  function checkOpen(): void {
    if (closed) throw new HostError(HostErrorCode.STORAGE_UNAVAILABLE, "event store is closed");
  }

  return {
    async append(event) {
      checkOpen();
      checkEventId(event.id);
      try {
        await client.query(SQL.append, [
          event.stream,
          event.id,
          event.type,
          event.timestamp.toString(),
          event.actorKind,
          event.actorId,
          event.payload,
        ]);
      } catch (error) {
        if (sqlStateOf(error) === SqlState.UNIQUE_VIOLATION) {
          throw new HostError(HostErrorCode.INVALID_ARGUMENT, `event ${event.id} is already stored`, {
            field: "id",
            cause: error,
          });
        }
        throw toStorageError(error, "history append");
      }
    },

    async query(request) {
      checkOpen();
      const { stream, count, notBeforeMs, beforeEventId } = resolveHistoryRequest(request);
      let rows: EventRow[];
      try {
        const params = [stream, notBeforeMs, count];
        const result =
          beforeEventId === undefined
            ? await client.query<EventRow>(SQL.newest, params)
            : await client.query<EventRow>(SQL.before, [...params, beforeEventId]);
        rows = result.rows;
      } catch (error) {
        throw toStorageError(error, "history query");
      }
      const entries: HistoryEntry[] = rows.reverse().map((row) => ({
        event: toEvent(stream, row),
        cursor: encodeHistoryCursor({ stream, eventId: row.id }),
      }));
      // A full page may have older events behind it: continue from its oldest entry.
      return { entries, nextCursor: entries.length === count ? (entries[0]?.cursor ?? "") : "" };
    },

    async close() {
      // The client belongs to whoever opened it (openStorage); only this view closes.
      closed = true;
    },
  };
}

function toEvent(stream: string, row: EventRow): Event {
  return create(EventSchema, {
    id: row.id,
    stream,
    type: row.type,
    timestamp: bigintFromColumn(row.ts),
    actorKind: row.actor_kind,
    actorId: row.actor_id,
    payload: row.payload,
  });
}
