/**
 * A player's session as the host tracks it: who is playing, where they are,
 * and which focus targets (scenes, ...) they joined. The streams a session
 * watches follow from this state; only the focus coordinator changes focus.
 */
import { FocusKind } from "@holomush/proto";
import { HostError, HostErrorCode } from "../errors.js";
import type { FocusTarget } from "../plugins/plugin-host-api.js";

/** A session's membership of one focus target, with the streams it watches. */
export interface FocusMembership {
  target: FocusTarget;
  /** Streams the target's FocusKind policy chose when the session joined. */
  streams: string[];
  /** Unix ms. */
  joinedAt: number;
}

/** A player's session: who is playing, where, and which focus targets they joined. */
export interface Session {
  /** ULID. */
  id: string;
  characterId: string;
  characterName: string;
  playerId: string;
  locationId: string;
  /** Unix ms. */
  openedAt: number;
  /** Unix ms of the last `touch`; the TTL counts from here. */
  lastActiveAt: number;
  /** In join order. */
  focus: FocusMembership[];
  /** The focus the player is presenting to (pure bookkeeping); always one of `focus`. */
  presenting?: FocusTarget;
}

export function sameFocusTarget(a: FocusTarget, b: FocusTarget): boolean {
  return a.kind === b.kind && a.targetId === b.targetId;
}

export function isFocusMember(session: Session, target: FocusTarget): boolean {
  return session.focus.some((membership) => sameFocusTarget(membership.target, target));
}

/** FOCUS_ALREADY_MEMBER: callers (and the SDK) treat it as idempotent success. */
export function focusAlreadyMemberError(sessionId: string, target: FocusTarget): HostError {
  return new HostError(
    HostErrorCode.FOCUS_ALREADY_MEMBER,
    `session ${sessionId} already joined ${describeFocusTarget(target)}`,
    {
      details: { sessionId, targetId: target.targetId },
    },
  );
}

/** `scene abc`, for messages. */
export function describeFocusTarget(target: FocusTarget): string {
  const kind = FocusKind[target.kind] ?? String(target.kind);
  return `${kind.toLowerCase()} ${JSON.stringify(target.targetId)}`;
}

/**
 * Every stream whose events this session's player sees: their location, their
 * character, then each focus membership's streams, without duplicates.
 */
export function watchedStreams(session: Session): string[] {
  const streams = new Set([`location:${session.locationId}`, `character:${session.characterId}`]);
  for (const membership of session.focus) {
    for (const stream of membership.streams) streams.add(stream);
  }
  return [...streams];
}

/** A deep copy, so callers never hold the registry's own state. */
export function copySession(session: Session): Session {
  const copy: Session = {
    ...session,
    focus: session.focus.map((membership) => ({
      target: { ...membership.target },
      streams: [...membership.streams],
      joinedAt: membership.joinedAt,
    })),
  };
  if (session.presenting) copy.presenting = { ...session.presenting };
  return copy;
}
