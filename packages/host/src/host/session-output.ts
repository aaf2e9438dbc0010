/**
 * Messages for one session that are not live stream events — today the
 * history a focus join replays. The console subscribes per session.
 */
import type { Event } from "@holomush/proto";

export type SessionMessage = { kind: "replay"; event: Event } | { kind: "text"; text: string };

export interface SessionOutput {
  send(sessionId: string, message: SessionMessage): void;
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
