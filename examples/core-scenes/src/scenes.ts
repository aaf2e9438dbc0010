/**
 * The scene rules, shared by SceneService and the commands so both refuse
 * the same input with the same words: validation, existence and state
 * checks over the SceneStore. Failures are SceneErrors; each entry point
 * maps them to its own vocabulary (Connect codes, command errors).
 */
import type { NewScene, SceneRow, SceneStore } from "./scene-store.js";

export const MAX_TITLE_LENGTH = 120;
export const MAX_TAGS = 10;
const TAG_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;

export type SceneErrorCode = "INVALID_ARGUMENT" | "NOT_FOUND" | "FAILED_PRECONDITION";

export class SceneError extends Error {
  constructor(
    readonly code: SceneErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "SceneError";
  }
}

function required(value: string, what: string): string {
  const trimmed = value.trim();
  if (trimmed === "") throw new SceneError("INVALID_ARGUMENT", `${what} must not be empty`);
  return trimmed;
}

/** Tags are compared exactly, so they are kept lower-case, trimmed and without duplicates. */
export function normalizeTags(tags: readonly string[]): string[] {
  const normalized = [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter((tag) => tag !== ""))];
  for (const tag of normalized) {
    if (!TAG_PATTERN.test(tag)) {
      throw new SceneError("INVALID_ARGUMENT", `tag "${tag}" must be 1-32 characters of a-z, 0-9, _ or -`);
    }
  }
  if (normalized.length > MAX_TAGS) throw new SceneError("INVALID_ARGUMENT", `at most ${MAX_TAGS} tags`);
  return normalized;
}

export interface Scenes {
  create(input: NewScene): Promise<SceneRow>;
  get(sceneId: string): Promise<SceneRow>;
  list(filter: { tags: readonly string[]; includeClosed: boolean }): Promise<SceneRow[]>;
  join(sceneId: string, characterId: string): Promise<SceneRow>;
  leave(sceneId: string, characterId: string): Promise<SceneRow>;
  /** Only the owner may close a scene. */
  close(sceneId: string, characterId: string): Promise<SceneRow>;
}

export function createScenes(store: SceneStore): Scenes {
  const found = (sceneId: string, scene: SceneRow | undefined): SceneRow => {
    if (scene === undefined) throw new SceneError("NOT_FOUND", `no scene ${sceneId}`);
    return scene;
  };

  const get = async (sceneId: string) => {
    const id = required(sceneId, "scene id");
    return found(id, await store.get(id));
  };

  return {
    async create(input) {
      const title = required(input.title, "title");
      if (title.length > MAX_TITLE_LENGTH) {
        throw new SceneError("INVALID_ARGUMENT", `title must be at most ${MAX_TITLE_LENGTH} characters`);
      }
      return store.create({
        title,
        ownerId: required(input.ownerId, "character id"),
        locationId: required(input.locationId, "location id"),
        tags: normalizeTags(input.tags),
      });
    },
    get,
    list: (filter) => store.list({ tags: normalizeTags(filter.tags), includeClosed: filter.includeClosed }),
    async join(sceneId, characterId) {
      const character = required(characterId, "character id");
      const scene = await get(sceneId);
      if (scene.state !== "active") throw new SceneError("FAILED_PRECONDITION", `scene ${scene.id} is closed`);
      return found(scene.id, await store.addParticipant(scene.id, character));
    },
    async leave(sceneId, characterId) {
      const character = required(characterId, "character id");
      const id = required(sceneId, "scene id");
      return found(id, await store.removeParticipant(id, character));
    },
    async close(sceneId, characterId) {
      const scene = await get(sceneId);
      if (scene.ownerId !== characterId) {
        throw new SceneError("FAILED_PRECONDITION", `only the scene's owner may close scene ${scene.id}`);
      }
      return found(scene.id, await store.close(scene.id));
    },
  };
}
