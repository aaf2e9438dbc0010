/**
 * HoloMUSH's `on_session_subscribe(character_id, player_id, session_id)` for
 * a manifest with `session_streams: true`: called in a fresh state when a
 * session opens. A session here watches its location, its character and its
 * focus memberships, so each scene stream it returns (`scene:<id>`,
 * `scene:<id>:ic|ooc`) becomes the session's scene focus membership, after
 * the authorizer allows the plugin to write that focus; any other stream is
 * logged and ignored, and at most MAX_SESSION_STREAMS are taken (docs/lua.md).
 */
import { FocusKind } from "@holomush/proto";
import type { Logger } from "pino";
import type { Authorizer } from "../../auth/authorizer.js";
import { HostError, HostErrorCode } from "../../errors.js";
import type { FocusCoordinator } from "../../focus/focus-coordinator.js";
import type { Session } from "../../focus/session.js";
import type { SessionRegistry } from "../../focus/session-registry.js";

/** The scene id of a scene stream, or undefined. */
export function sceneOfStream(stream: string): string | undefined {
  return /^scene:([A-Za-z0-9_-]{1,128})(?::ic|:ooc)?$/.exec(stream)?.[1];
}

/** Streams taken from one on_session_subscribe answer; each is a focus join (with replay). */
export const MAX_SESSION_STREAMS = 32;

export interface SessionSubscribeSpec {
  plugin: string;
  sessions: SessionRegistry;
  focus: FocusCoordinator;
  authorizer: Authorizer;
  logger: Logger;
  /** Runs on_session_subscribe in a fresh state and returns its first result. */
  call(session: Session): Promise<unknown>;
}

/** Starts watching session opens; returns the function that stops it. */
export function watchSessionOpens(spec: SessionSubscribeSpec): () => void {
  let stopped = false;
  const { plugin, logger } = spec;

  async function subscribe(session: Session): Promise<void> {
    const value = await spec.call(session);
    if (value === undefined || value === null) return;
    const streams = Array.isArray(value) ? value : typeof value === "object" ? Object.values(value) : undefined;
    if (streams === undefined) {
      logger.warn({ got: typeof value }, "on_session_subscribe returned a non-table; ignored");
      return;
    }
    if (streams.length > MAX_SESSION_STREAMS) {
      logger.warn(
        { count: streams.length, session: session.id },
        `on_session_subscribe: only the first ${MAX_SESSION_STREAMS} streams are used`,
      );
    }
    for (const stream of streams.slice(0, MAX_SESSION_STREAMS)) {
      const scene = typeof stream === "string" ? sceneOfStream(stream) : undefined;
      if (scene === undefined) {
        logger.warn({ stream, session: session.id }, "on_session_subscribe: only scene streams can be added; ignored");
        continue;
      }
      const decision = await spec.authorizer.authorize({
        principal: { kind: "plugin", id: plugin },
        action: "write",
        resourceType: "focus",
        resourceId: `scene:${scene}`,
        context: { plugin },
      });
      if (!decision.allowed) {
        logger.warn({ stream, session: session.id, reason: decision.reason }, "on_session_subscribe: focus refused");
        continue;
      }
      if (stopped) return;
      try {
        await spec.focus.join(session.id, { kind: FocusKind.SCENE, targetId: scene });
      } catch (error) {
        if (!(error instanceof HostError && error.code === HostErrorCode.FOCUS_ALREADY_MEMBER)) throw error;
      }
    }
  }

  const off = spec.sessions.onChange((session, change) => {
    if (change !== "opened" || stopped) return;
    subscribe(session).catch((error: unknown) =>
      logger.warn({ err: error, session: session.id }, "on_session_subscribe failed"),
    );
  });
  return () => {
    stopped = true;
    off();
  };
}
