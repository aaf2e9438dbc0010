/**
 * Who is calling the admin API: a browser session (an HttpOnly, SameSite=
 * Strict cookie issued by POST /api/login for the right token) or a client
 * sending the token itself (`Authorization: Bearer`). The session id is a
 * secret like the token; audit lines name the session by a separate public
 * label instead.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";

export const SESSION_COOKIE = "holomush_admin";
/** Sessions expire after this long without a request. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** Oldest sessions are forgotten past this many (a login loop cannot grow memory). */
const MAX_SESSIONS = 64;

export interface AdminCaller {
  /** For audit lines: "session 1a2b3c4d" or "bearer token". */
  who: string;
  /** The session id when the caller came with the cookie. */
  sessionId?: string;
}

export interface AdminSessions {
  /** A new session for someone who just proved the token; returns its id and label. */
  open(): { id: string; label: string };
  close(id: string): void;
  /** The caller behind a request, or undefined (→ 401). */
  identify(request: IncomingMessage, tokenMatches: (candidate: unknown) => boolean): AdminCaller | undefined;
  cookie(id: string): string;
  readonly clearCookie: string;
}

export function createAdminSessions(now: () => number = Date.now): AdminSessions {
  const sessions = new Map<string, { label: string; seen: number }>();
  return {
    open() {
      const id = randomBytes(32).toString("base64url");
      const label = randomBytes(4).toString("hex");
      sessions.set(id, { label, seen: now() });
      while (sessions.size > MAX_SESSIONS) sessions.delete(sessions.keys().next().value as string);
      return { id, label };
    },
    close: (id) => void sessions.delete(id),
    identify(request, tokenMatches) {
      const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
      if (bearer !== undefined) return tokenMatches(bearer) ? { who: "bearer token" } : undefined;
      const id = cookieValue(request.headers.cookie, SESSION_COOKIE);
      const session = id === undefined ? undefined : sessions.get(id);
      if (id === undefined || session === undefined) return undefined;
      if (now() - session.seen > SESSION_IDLE_MS) {
        sessions.delete(id);
        return undefined;
      }
      session.seen = now();
      return { who: `session ${session.label}`, sessionId: id };
    },
    cookie: (id) => `${SESSION_COOKIE}=${id}; HttpOnly; SameSite=Strict; Path=/`,
    clearCookie: `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`,
  };
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return undefined;
}
