/**
 * The built-in scene focus kind: a scene membership watches `scene:<id>:ic`
 * (its newest events replayed on join) and `scene:<id>:ooc` (live only).
 * Plugins never choose these; the scene plugin only names the scene.
 */
import { FocusKind } from "@holomush/proto";
import { HostError, HostErrorCode } from "../errors.js";
import type { FocusKindPolicy } from "./focus-kind-registry.js";
import type { Session } from "./session.js";

export const SCENE_TARGET_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

/** Options of createSceneFocusKind. */
export interface SceneFocusKindOptions {
  /** IC events replayed on join. Default 20. */
  tailCount?: number;
  /** Extra join check (e.g. private scenes); throw to refuse. Default: anyone may join. */
  authorizeJoin?: (session: Session, sceneId: string) => void | Promise<void>;
}

/**
 * The built-in scene focus kind: a membership watches `scene:<id>:ic` (newest events replayed on join) and `scene:<id>:ooc` (live).
 */
export function createSceneFocusKind(options: SceneFocusKindOptions = {}): FocusKindPolicy {
  const tailCount = options.tailCount ?? 20;
  const policy: FocusKindPolicy = {
    kind: FocusKind.SCENE,
    streams(sceneId) {
      if (!SCENE_TARGET_ID_PATTERN.test(sceneId)) {
        throw new HostError(
          HostErrorCode.INVALID_ARGUMENT,
          `scene id ${JSON.stringify(sceneId)} must be 1-128 characters of A-Z, a-z, 0-9, _ or -`,
          { field: "targetId" },
        );
      }
      return [
        { stream: `scene:${sceneId}:ic`, replay: "tail", tailCount },
        { stream: `scene:${sceneId}:ooc`, replay: "live" },
      ];
    },
  };
  if (options.authorizeJoin) policy.authorizeJoin = options.authorizeJoin;
  return policy;
}
