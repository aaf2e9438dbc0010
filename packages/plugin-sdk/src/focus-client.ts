/**
 * FocusClient (docs/focus.md): drive server-owned session focus. The host's
 * FocusKind policy decides streams and replay; a plugin only names the
 * target. Failures are FocusError with the focus codes
 * (FOCUS_ALREADY_MEMBER is an idempotent success for most callers).
 */
import type { FocusKind, QueryStreamHistoryResponse } from "@holomush/proto";
import { FocusError, toHostCallError } from "./host-call-error.js";
import type { HostCalls } from "./host-requests.js";

/** What a session focuses on: a focus kind and that kind's target id (e.g. a scene id). */
export interface FocusTarget {
  kind: FocusKind;
  targetId: string;
}

/** Which page of a stream's stored events to read (QueryStreamHistory). */
export interface HistoryQuery {
  stream: string;
  /** Events wanted (0 = 50; clamped to 500 by the host). */
  count?: number;
  /** Only events at or after this Unix-ms time. */
  notBeforeMs?: number;
  /** Cursor from a previous page; continues toward older events. */
  cursor?: string;
}

/** Joins and leaves sessions to focus targets and reads stream history (FocusClientAware). */
export interface FocusClient {
  /** Joins; resolves with the streams the host subscribed the session to. */
  joinFocus(sessionId: string, target: FocusTarget): Promise<string[]>;
  /** Leaves (idempotent); resolves false when the session was not a member. */
  leaveFocus(sessionId: string, target: FocusTarget): Promise<boolean>;
  /** Removes the target from every session (or one character's); resolves with the count. */
  leaveFocusByTarget(target: FocusTarget, characterId?: string): Promise<number>;
  /** Sets the presenting focus; the session must already be a member (FOCUS_NOT_MEMBER). */
  presentFocus(sessionId: string, target: FocusTarget): Promise<void>;
  /** Reads a stream's history, oldest first (read-only). */
  queryStreamHistory(query: HistoryQuery): Promise<QueryStreamHistoryResponse>;
}

/** A FocusClient over PluginHostService; focus refusals become FocusError. */
export function createFocusClient(host: HostCalls): FocusClient {
  async function guarded<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw toHostCallError(error, FocusError);
    }
  }
  return {
    joinFocus: (sessionId, target) => guarded(async () => (await host.joinFocus({ sessionId, target })).streams),
    leaveFocus: (sessionId, target) => guarded(async () => (await host.leaveFocus({ sessionId, target })).wasMember),
    leaveFocusByTarget: (target, characterId = "") =>
      guarded(async () => (await host.leaveFocusByTarget({ target, characterId })).sessionsLeft),
    presentFocus: (sessionId, target) =>
      guarded(async () => {
        await host.presentFocus({ sessionId, target });
      }),
    queryStreamHistory: (query) =>
      guarded(() =>
        host.queryStreamHistory({
          stream: query.stream,
          count: query.count ?? 0,
          notBeforeMs: BigInt(query.notBeforeMs ?? 0),
          cursor: query.cursor ?? "",
        }),
      ),
  };
}
