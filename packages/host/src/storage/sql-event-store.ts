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
import { type EventStore, type HistoryEntry, MAX_GROUP_COMMIT } from "./event-store.js";
import { checkEventId, encodeHistoryCursor } from "./history-cursor.js";
import { resolveHistoryRequest } from "./history-request.js";
import { HOST_SCHEMA } from "./host-migrations.js";
import {
  bigintFromColumn,
  type SqlClient,
  type SqlExecutor,
  SqlState,
  sqlStateOf,
  toStorageError,
} from "./sql-client.js";

const TABLE = `${HOST_SCHEMA}.events`;
const COLUMNS = "id, type, ts::text AS ts, actor_kind, actor_id, payload";

const SQL = {
  newest: `SELECT ${COLUMNS} FROM ${TABLE}
           WHERE stream = $1 AND ts >= $2 ORDER BY id DESC LIMIT $3`,
  before: `SELECT ${COLUMNS} FROM ${TABLE}
           WHERE stream = $1 AND ts >= $2 AND id < $4 ORDER BY id DESC LIMIT $3`,
} as const;

/** `INSERT … VALUES ($1…$7), ($8…$14), …` for `rows` events (one for `append`), built once per size. */
const appendManySql = new Map<number, string>();
function appendManyStatement(rows: number): string {
  let sql = appendManySql.get(rows);
  if (sql === undefined) {
    const tuples = Array.from({ length: rows }, (_, row) => {
      const first = row * 7;
      return `($${first + 1}, $${first + 2}, $${first + 3}, $${first + 4}, $${first + 5}, $${first + 6}, $${first + 7})`;
    });
    sql = `INSERT INTO ${TABLE} (stream, id, type, ts, actor_kind, actor_id, payload) VALUES ${tuples.join(", ")}`;
    appendManySql.set(rows, sql);
  }
  return sql;
}

function rowOf(event: Event): unknown[] {
  return [
    event.stream,
    event.id,
    event.type,
    event.timestamp.toString(),
    event.actorKind,
    event.actorId,
    event.payload,
  ];
}

function appendError(error: unknown, event: Event | undefined): HostError {
  if (sqlStateOf(error) === SqlState.UNIQUE_VIOLATION) {
    const which = event === undefined ? "an event of the batch" : `event ${event.id}`;
    return new HostError(HostErrorCode.INVALID_ARGUMENT, `${which} is already stored`, { field: "id", cause: error });
  }
  return toStorageError(error, "history append");
}

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
        await client.query(appendManyStatement(1), rowOf(event));
      } catch (error) {
        throw appendError(error, event);
      }
    },

    async appendMany(events) {
      checkOpen();
      if (events.length === 0) return;
      for (const event of events) checkEventId(event.id);
      const insert = (executor: SqlExecutor, start: number) => {
        const batch = events.slice(start, start + MAX_GROUP_COMMIT);
        return executor.query(appendManyStatement(batch.length), batch.flatMap(rowOf));
      };
      try {
        // One statement is atomic by itself; more need a transaction to stay all-or-nothing.
        if (events.length <= MAX_GROUP_COMMIT) await insert(client, 0);
        else {
          await client.transaction(async (tx) => {
            for (let start = 0; start < events.length; start += MAX_GROUP_COMMIT) await insert(tx, start);
          });
        }
      } catch (error) {
        throw appendError(error, events.length === 1 ? events[0] : undefined);
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
