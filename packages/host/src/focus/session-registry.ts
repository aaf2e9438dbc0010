/**
 * Open sessions, keyed by ULID. A session expires `ttlMs` after its last
 * activity (`touch`); an expired session stays known, so callers get
 * SESSION_EXPIRED rather than SESSION_NOT_FOUND, until it is closed or swept.
 * Reads return copies; focus changes go through the membership methods, which
 * the focus coordinator drives and which keep `presenting` among the members.
 */
import { HostError, HostErrorCode } from "../errors.js";
import { createUlidFactory } from "../ids/ulid-factory.js";
import type { FocusTarget } from "../plugins/plugin-host-api.js";
import {
  copySession,
  describeFocusTarget,
  type FocusMembership,
  focusAlreadyMemberError,
  isFocusMember,
  type Session,
  sameFocusTarget,
} from "./session.js";

export interface SessionRegistryOptions {
  /** Idle time after which a session expires; `Infinity` disables expiry. Default 30 minutes. */
  ttlMs?: number;
  /** Clock in Unix ms. Default `Date.now`. */
  now?: () => number;
  /** Called when an onChange listener throws; the change itself stands. Default: ignore. */
  onListenerError?: (error: unknown, session: Session) => void;
}

/** Who a new session is for, and where the character is. */
export interface OpenSessionInput {
  characterId: string;
  characterName: string;
  playerId: string;
  locationId: string;
}

/** Why a listener is called; every kind may change `watchedStreams`. */
export type SessionChange = "opened" | "updated" | "closed";
/** Called after a session is opened, updated or closed. */
export type SessionListener = (session: Session, change: SessionChange) => void;

/** Open sessions by id; a session expires after inactivity but stays known (SESSION_EXPIRED) until closed or swept. */
export interface SessionRegistry {
  /** Opens a session with a new id. */
  open(input: OpenSessionInput): Session;
  /** Throws SESSION_NOT_FOUND, or SESSION_EXPIRED past the TTL. */
  get(id: string): Session;
  /** Renews the TTL. Throws like `get`. */
  touch(id: string): void;
  /** Idempotent; true when a session (live or expired) was removed. */
  close(id: string): boolean;
  /** Live (unexpired) sessions, oldest first. */
  list(): Session[];
  /** The open sessions of a character. */
  byCharacter(characterId: string): Session[];
  /** Records that the session's character moved. */
  setLocation(id: string, locationId: string): void;
  /** Adds a membership; FOCUS_ALREADY_MEMBER if the target is already joined. */
  addMembership(id: string, target: FocusTarget, streams: string[]): FocusMembership;
  /** Removes a membership and clears `presenting` if it pointed there; false when not a member. */
  removeMembership(id: string, target: FocusTarget): boolean;
  /** FOCUS_NOT_MEMBER unless the target is one of the session's memberships. */
  setPresenting(id: string, target: FocusTarget): void;
  /** Closes every expired session; returns how many. */
  sweep(): number;
  /** Calls `listener` on every session change; returns a function that removes it. */
  onChange(listener: SessionListener): () => void;
}

const DEFAULT_TTL_MS = 30 * 60 * 1000;

export function createSessionRegistry(options: SessionRegistryOptions = {}): SessionRegistry {
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  if (!(ttlMs > 0)) {
    throw new HostError(HostErrorCode.INVALID_ARGUMENT, `session ttlMs must be positive, got ${ttlMs}`, {
      field: "ttlMs",
    });
  }
  const now = options.now ?? Date.now;
  const nextId = createUlidFactory();
  const sessions = new Map<string, Session>();
  const listeners = new Set<SessionListener>();

  const expired = (session: Session) => now() - session.lastActiveAt > ttlMs;

  function resolve(id: string): Session {
    const session = sessions.get(id);
    if (!session) {
      throw new HostError(HostErrorCode.SESSION_NOT_FOUND, `session ${id} does not exist`, {
        details: { sessionId: id },
      });
    }
    if (expired(session)) {
      throw new HostError(HostErrorCode.SESSION_EXPIRED, `session ${id} expired after ${ttlMs} ms idle`, {
        details: { sessionId: id },
      });
    }
    return session;
  }

  function emit(session: Session, change: SessionChange): void {
    for (const listener of [...listeners]) {
      const snapshot = copySession(session);
      try {
        listener(snapshot, change);
      } catch (error) {
        options.onListenerError?.(error, snapshot);
      }
    }
  }

  function live(): Session[] {
    return [...sessions.values()].filter((session) => !expired(session));
  }

  return {
    open(input) {
      for (const field of ["characterId", "characterName", "playerId", "locationId"] as const) {
        if (typeof input[field] !== "string" || input[field].length === 0) {
          throw new HostError(HostErrorCode.INVALID_ARGUMENT, `session ${field} must be a non-empty string`, { field });
        }
      }
      const { characterId, characterName, playerId, locationId } = input;
      const at = now();
      const id = nextId(at);
      const session: Session = {
        id,
        characterId,
        characterName,
        playerId,
        locationId,
        openedAt: at,
        lastActiveAt: at,
        focus: [],
      };
      sessions.set(session.id, session);
      emit(session, "opened");
      return copySession(session);
    },

    get: (id) => copySession(resolve(id)),

    touch(id) {
      resolve(id).lastActiveAt = now();
    },

    close(id) {
      const session = sessions.get(id);
      if (!session) return false;
      sessions.delete(id);
      emit(session, "closed");
      return true;
    },

    list: () => live().map(copySession),

    byCharacter: (characterId) =>
      live()
        .filter((session) => session.characterId === characterId)
        .map(copySession),

    setLocation(id, locationId) {
      const session = resolve(id);
      if (session.locationId === locationId) return;
      session.locationId = locationId;
      emit(session, "updated");
    },

    addMembership(id, target, streams) {
      const session = resolve(id);
      if (isFocusMember(session, target)) throw focusAlreadyMemberError(id, target);
      const membership: FocusMembership = { target: { ...target }, streams: [...streams], joinedAt: now() };
      session.focus.push(membership);
      emit(session, "updated");
      return { ...membership, target: { ...membership.target }, streams: [...membership.streams] };
    },

    removeMembership(id, target) {
      const session = resolve(id);
      const index = session.focus.findIndex((membership) => sameFocusTarget(membership.target, target));
      if (index < 0) return false;
      session.focus.splice(index, 1);
      if (session.presenting && sameFocusTarget(session.presenting, target)) delete session.presenting;
      emit(session, "updated");
      return true;
    },

    setPresenting(id, target) {
      const session = resolve(id);
      if (!isFocusMember(session, target)) {
        throw new HostError(
          HostErrorCode.FOCUS_NOT_MEMBER,
          `session ${id} has not joined ${describeFocusTarget(target)}`,
          {
            details: { sessionId: id, targetId: target.targetId },
          },
        );
      }
      session.presenting = { ...target };
    },

    sweep() {
      let closed = 0;
      for (const session of [...sessions.values()]) {
        if (!expired(session)) continue;
        sessions.delete(session.id);
        emit(session, "closed");
        closed++;
      }
      return closed;
    },

    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
