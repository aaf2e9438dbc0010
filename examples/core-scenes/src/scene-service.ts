/**
 * holomush.scene.v1.SceneService as a Connect implementation. The SDK
 * registers it on its router; the host tunnels other plugins' calls to it
 * over this plugin's stream. SceneErrors become the matching Connect codes
 * (an empty title is InvalidArgument, an unknown scene NotFound).
 */
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import { type Scene, SceneSchema, type SceneService, SceneState } from "@holomush/proto";
import type { SceneRow } from "./scene-store.js";
import { SceneError, type Scenes } from "./scenes.js";

const CODES = {
  INVALID_ARGUMENT: Code.InvalidArgument,
  NOT_FOUND: Code.NotFound,
  FAILED_PRECONDITION: Code.FailedPrecondition,
} as const;

export function toScene(row: SceneRow): Scene {
  return create(SceneSchema, {
    id: row.id,
    title: row.title,
    ownerId: row.ownerId,
    locationId: row.locationId,
    state: row.state === "active" ? SceneState.ACTIVE : SceneState.CLOSED,
    participantIds: row.participantIds,
    createdAt: BigInt(row.createdAt),
    tags: row.tags,
  });
}

async function mapped<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof SceneError) throw new ConnectError(error.message, CODES[error.code]);
    throw error;
  }
}

/** `scenes()` is read at call time: the store exists only after Init. */
export function createSceneService(scenes: () => Scenes): ServiceImpl<typeof SceneService> {
  return {
    createScene: (request) =>
      mapped(async () => ({
        scene: toScene(
          await scenes().create({
            title: request.title,
            ownerId: request.characterId,
            locationId: request.locationId,
            tags: request.tags,
          }),
        ),
      })),
    getScene: (request) => mapped(async () => ({ scene: toScene(await scenes().get(request.sceneId)) })),
    listScenes: (request) =>
      mapped(async () => ({
        scenes: (await scenes().list({ tags: request.tags, includeClosed: request.includeClosed })).map(toScene),
      })),
    joinScene: (request) =>
      mapped(async () => ({ scene: toScene(await scenes().join(request.sceneId, request.characterId)) })),
    leaveScene: (request) =>
      mapped(async () => ({ scene: toScene(await scenes().leave(request.sceneId, request.characterId)) })),
  };
}
