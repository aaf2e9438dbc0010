/**
 * Which sessions a plugin may drive the focus of: those that sent it a
 * command (the CommandRequest's session_id is how a plugin learns a session).
 * A plugin asking to join, leave or present focus for any other session is
 * refused: it could otherwise pull any player into, or out of, a scene.
 */
export interface SessionLinks {
  /** A command from `sessionId` was dispatched to `plugin`. */
  link(plugin: string, sessionId: string): void;
  has(plugin: string, sessionId: string): boolean;
  /** The session closed: no plugin may act on it any more. */
  forget(sessionId: string): void;
}

export function createSessionLinks(): SessionLinks {
  const bySession = new Map<string, Set<string>>();
  return {
    link(plugin, sessionId) {
      const plugins = bySession.get(sessionId) ?? new Set<string>();
      plugins.add(plugin);
      bySession.set(sessionId, plugins);
    },
    has: (plugin, sessionId) => bySession.get(sessionId)?.has(plugin) ?? false,
    forget(sessionId) {
      bySession.delete(sessionId);
    },
  };
}
