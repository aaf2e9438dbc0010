/**
 * The built-in world as the engine's WorldDirectory: names bound to ids in
 * the host's CharacterStore (so a character keeps its id across restarts),
 * characters placed at the world's start location, and the rooms, exits and
 * building the Lua runtime's world globals use.
 */
import {
  type CharacterStore,
  createMemoryCharacterStore,
  createUlidFactory,
  type DirectoryCharacter,
  type DirectoryLocation,
  normalCharacterName,
  type WorldDirectory,
} from "@holomush/host";
import type { World } from "./world.js";

const newCharacterId = createUlidFactory();

/** The built-in world's directory; `world` is the world itself (tests and tools move characters through it). */
export interface BuiltInDirectory extends WorldDirectory {
  readonly world: World;
  /** Resolves once the stored characters are known (WorldService waits for it). */
  ready(): Promise<void>;
}

const asCharacter = (c: { id: string; name: string; locationId: string; online: boolean }): DirectoryCharacter => ({
  id: c.id,
  name: c.name,
  locationId: c.locationId,
  online: c.online,
});

/** A WorldDirectory over `world` whose character names persist in `characters`. */
export function worldDirectoryOf(
  world: World,
  characters: CharacterStore = createMemoryCharacterStore(),
): BuiltInDirectory {
  let loaded: Promise<void> | undefined;
  // Known characters are adopted before the first lookup: plugins may find them while they initialize.
  const ready = () => {
    loaded ??= characters.list().then((records) => {
      for (const record of records) world.adopt(record);
    });
    return loaded;
  };
  const quietly = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch {
      return undefined;
    }
  };
  return {
    world,
    ready,
    async resolveCharacter(name) {
      world.checkName(name);
      await ready();
      // A new name is stored before its first session, so its id outlives this process.
      const character =
        world.findCharacter(name) ??
        world.adopt(await characters.claim({ id: newCharacterId(), name: normalCharacterName(name) }));
      return asCharacter(character);
    },
    locationOf: (characterId) => quietly(() => world.getCharacter(characterId).locationId),
    setOnline: (characterId, online) => world.setOnline(characterId, online),
    onMove: (listener) => world.onMove((character, _from, to) => listener(character.id, to.id)),
    describeCharacter: (characterId) => quietly(() => asCharacter(world.getCharacter(characterId))),
    describeLocation: (locationId): DirectoryLocation | undefined => quietly(() => world.getLocation(locationId)),
    findLocation: (name) => world.findLocation(name),
    charactersAt: (locationId) => world.charactersAt(locationId).map(asCharacter),
    createLocation: (spec) => world.createLocation(spec),
    createExit: (fromId, name, toId) => world.createExit(fromId, name, toId),
  };
}
