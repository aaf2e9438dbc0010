/**
 * Messages for one session that are not live stream events — today the
 * history a focus join replays. The console subscribes per session.
 */
import type { Event } from "@holomush/proto";

/** A message for one session that is not a live stream event: a replayed event or a line of text. */
export type SessionMessage = { kind: "replay"; event: Event } | { kind: "text"; text: string };

/** Per-session messages outside the event streams (focus replays); the console subscribes per session. */
export interface SessionOutput {
  /** Delivers a message to the session's listeners. */
  send(sessionId: string, message: SessionMessage): void;
  /** Listens to one session's messages; returns a function that stops listening. */
  subscribe(sessionId: string, listener: (message: SessionMessage) => void): () => void;
}

export function createSessionOutput(): SessionOutput {
  const listeners = new Map<string, Set<(message: SessionMessage) => void>>();
  return {
    send(sessionId, message) {
      for (const listener of listeners.get(sessionId) ?? []) listener(message);
    },
    subscribe(sessionId, listener) {
      const set = listeners.get(sessionId) ?? new Set();
      set.add(listener);
      listeners.set(sessionId, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(sessionId);
      };
    },
  };
}
