import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import { isHostError } from "@holomush/host";
import type { WorldService } from "@holomush/proto";
import type { World } from "./world.js";

/** holomush.world.v1.WorldService over the built-in world, offered to plugins as a host service. */
export function createWorldService(
  world: World,
  ready: () => Promise<void> = async () => undefined,
): ServiceImpl<typeof WorldService> {
  // Stored characters are known before a plugin's first lookup.
  const guard = async <T>(fn: () => T): Promise<T> => {
    await ready();
    try {
      return fn();
    } catch (error) {
      if (isHostError(error)) throw new ConnectError(error.message, Code.NotFound, undefined, undefined, error);
      throw error;
    }
  };
  return {
    getLocation: async (request) => guard(() => ({ location: world.getLocation(request.locationId) })),
    getCharacter: async (request) => guard(() => ({ character: world.getCharacter(request.characterId) })),
    findCharacter: async (request) =>
      guard(() => {
        const character = world.findCharacter(request.name);
        if (character === undefined) throw new ConnectError(`no character named "${request.name}"`, Code.NotFound);
        return { character };
      }),
    listCharactersAt: async (request) => guard(() => ({ characters: world.charactersAt(request.locationId) })),
    moveCharacter: async (request) =>
      guard(() => {
        try {
          return world.move(request.characterId, request.exit);
        } catch (error) {
          if (isHostError(error)) {
            throw new ConnectError(error.message, Code.FailedPrecondition, undefined, undefined, error);
          }
          throw error;
        }
      }),
  };
}
