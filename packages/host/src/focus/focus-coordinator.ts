/**
 * The focus coordinator: the only path by which focus memberships change
 * (docs/focus.md; the SDKs' FocusClient, served to plugins through PluginHostApi). The
 * target's FocusKind policy decides streams and replay; plugins only name the
 * target. Every method resolves the session first, so SESSION_NOT_FOUND and
 * SESSION_EXPIRED surface before anything else.
 */
import type { Event } from "@holomush/proto";
import { HostError, HostErrorCode } from "../errors.js";
import type { FocusTarget } from "../plugins/plugin-host-api.js";
import type { EventStore } from "../storage/event-store.js";
import type { FocusKindPolicy, FocusKindRegistry, FocusStreamSpec } from "./focus-kind-registry.js";
import { describeFocusTarget, focusAlreadyMemberError, isFocusMember, type Session } from "./session.js";
import type { SessionRegistry } from "./session-registry.js";

export interface FocusCoordinatorOptions {
  sessions: SessionRegistry;
  kinds: FocusKindRegistry;
  /** Where "tail" streams are replayed from. */
  history: EventStore;
}

/** What joining a focus target did: the streams watched and the events replayed. */
export interface FocusJoinResult {
  /** Every stream the membership watches, as the policy listed them. */
  streams: string[];
  /** The tails of the "tail" streams, merged oldest -> newest (by ULID). */
  replay: Event[];
}

/** Changes sessions' focus memberships, applying the target kind's policy (streams, replay, who may join). */
export interface FocusCoordinator {
  /**
   * Joins a target. FOCUS_KIND_UNREGISTERED for an unknown kind,
   * FOCUS_ALREADY_MEMBER when already joined (callers treat it as success),
   * FOCUS_POLICY_FAILED (with the cause) when the policy refuses.
   */
  join(sessionId: string, target: FocusTarget): Promise<FocusJoinResult>;
  /** Idempotent: false when not a member. Clears `presenting` if it pointed at the target. */
  leave(sessionId: string, target: FocusTarget): Promise<boolean>;
  /** Removes the target from every live session (of one character, if given); returns how many. */
  leaveByTarget(target: FocusTarget, characterId?: string): Promise<number>;
  /** Pure bookkeeping; FOCUS_NOT_MEMBER unless the session joined the target. */
  present(sessionId: string, target: FocusTarget): Promise<void>;
}

export function createFocusCoordinator(options: FocusCoordinatorOptions): FocusCoordinator {
  const { sessions, kinds, history } = options;

  return {
    async join(sessionId, target) {
      const session = sessions.get(sessionId);
      const policy = kinds.require(target.kind);
      if (isFocusMember(session, target)) throw focusAlreadyMemberError(sessionId, target);
      const specs = await consultPolicy(policy, session, target);
      // Re-checks session and membership: the policy may have awaited while another join landed.
      const streams = specs.map((spec) => spec.stream);
      sessions.addMembership(sessionId, target, streams);
      // Joined before reading history so no event falls between replay and live
      // delivery; an event may appear in both, and consumers dedupe by id.
      try {
        return { streams, replay: await readReplay(history, specs) };
      } catch (error) {
        rollBack(sessions, sessionId, target);
        throw HostError.from(error, HostErrorCode.STORAGE_UNAVAILABLE, { details: { sessionId } });
      }
    },

    // The registry's membership methods resolve the session first (NOT_FOUND / EXPIRED).
    async leave(sessionId, target) {
      return sessions.removeMembership(sessionId, target);
    },

    async leaveByTarget(target, characterId) {
      const candidates = characterId === undefined ? sessions.list() : sessions.byCharacter(characterId);
      let removed = 0;
      for (const session of candidates) {
        if (sessions.removeMembership(session.id, target)) removed++;
      }
      return removed;
    },

    async present(sessionId, target) {
      sessions.setPresenting(sessionId, target);
    },
  };
}

/** Runs the policy (streams, then authorizeJoin); any throw becomes FOCUS_POLICY_FAILED. */
async function consultPolicy(
  policy: FocusKindPolicy,
  session: Session,
  target: FocusTarget,
): Promise<FocusStreamSpec[]> {
  try {
    const specs = policy.streams(target.targetId);
    if (!Array.isArray(specs) || specs.length === 0 || specs.some((spec) => !isStreamSpec(spec))) {
      throw new Error("the policy returned no valid stream list");
    }
    await policy.authorizeJoin?.(session, target.targetId);
    return specs;
  } catch (error) {
    if (error instanceof HostError && error.code === HostErrorCode.FOCUS_POLICY_FAILED) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new HostError(HostErrorCode.FOCUS_POLICY_FAILED, `cannot join ${describeFocusTarget(target)}: ${reason}`, {
      cause: error,
      details: { sessionId: session.id, targetId: target.targetId },
    });
  }
}

function isStreamSpec(spec: FocusStreamSpec): boolean {
  return (
    typeof spec?.stream === "string" && spec.stream.length > 0 && (spec.replay === "tail" || spec.replay === "live")
  );
}

async function readReplay(history: EventStore, specs: FocusStreamSpec[]): Promise<Event[]> {
  const pages = await Promise.all(
    specs
      .filter((spec) => spec.replay === "tail")
      .map((spec) => history.query({ stream: spec.stream, count: spec.tailCount ?? 0 })),
  );
  const events = pages.flatMap((page) => page.entries.map((entry) => entry.event));
  // Each page is oldest -> newest; ULIDs from the bus order events across streams too.
  return events.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function rollBack(sessions: SessionRegistry, sessionId: string, target: FocusTarget): void {
  try {
    sessions.removeMembership(sessionId, target);
  } catch {
    // The session closed or expired meanwhile: nothing left to undo.
  }
}
