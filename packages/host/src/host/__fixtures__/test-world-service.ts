import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import type { WorldService } from "@holomush/proto";
import { isHostError } from "../../errors.js";
import type { World } from "./test-world.js";

/** holomush.world.v1.WorldService over the test world (test support). */
export function createTestWorldService(world: World): ServiceImpl<typeof WorldService> {
  const guard = <T>(fn: () => T): T => {
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
