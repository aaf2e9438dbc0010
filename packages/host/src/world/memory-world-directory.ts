/**
 * The directory the engine uses when the embedder brings none: the in-memory
 * `World`, with names bound to ids in the host's CharacterStore so a
 * character keeps its id across restarts.
 */
import { monotonicFactory } from "ulid";
import { type CharacterStore, normalCharacterName } from "./character-store.js";
import type { World } from "./world.js";
import type { WorldDirectory } from "./world-directory.js";

const newCharacterId = monotonicFactory();

/** A WorldDirectory over an in-memory World whose character names persist in `characters`. */
export function worldDirectoryOf(world: World, characters: CharacterStore): WorldDirectory & { load(): Promise<void> } {
  return {
    /** Known characters first: plugins may look them up while they initialize. */
    async load() {
      for (const record of await characters.list()) world.adopt(record);
    },
    async resolveCharacter(name) {
      world.checkName(name);
      // A new name is stored before its first session, so its id outlives this process.
      return (
        world.findCharacter(name) ??
        world.adopt(await characters.claim({ id: newCharacterId(), name: normalCharacterName(name) }))
      );
    },
    locationOf(characterId) {
      try {
        return world.getCharacter(characterId).locationId;
      } catch {
        return undefined;
      }
    },
    setOnline: (characterId, online) => world.setOnline(characterId, online),
    onMove: (listener) => world.onMove((character, _from, to) => listener(character.id, to.id)),
  };
}
