/**
 * The directory the engine uses when the embedder brings none: every valid
 * name is a character whose id is kept in the host's CharacterStore (so it
 * survives a restart), and every character stands in one placeholder
 * location, UNPLACED_LOCATION_ID — the engine has no rooms. An embedder with
 * a world passes a `directory` of its own (docs/embedding.md).
 */
import { createUlidFactory } from "../ids/ulid-factory.js";
import { checkCharacterName } from "./character-name.js";
import { type CharacterStore, characterNameKey, normalCharacterName } from "./character-store.js";
import type { DirectoryCharacter, WorldDirectory } from "./world-directory.js";

/** Where the default directory's characters are: no place of the embedder's (sessions watch `location:nowhere`). */
export const UNPLACED_LOCATION_ID = "nowhere";

const newCharacterId = createUlidFactory();

/** Names bound to stable ids in `characters`, nobody placed anywhere; no rooms, so no location methods. */
export function createCharacterDirectory(characters: CharacterStore): WorldDirectory {
  const byId = new Map<string, DirectoryCharacter>();
  const idByKey = new Map<string, string>();
  return {
    async resolveCharacter(name) {
      checkCharacterName(name);
      const known = idByKey.get(characterNameKey(name));
      if (known !== undefined) return { ...(byId.get(known) as DirectoryCharacter) };
      // Stored before its first session, so the id outlives this process; a name taken first keeps its id.
      const record = await characters.claim({ id: newCharacterId(), name: normalCharacterName(name) });
      const character = byId.get(record.id) ?? {
        id: record.id,
        name: record.name,
        locationId: UNPLACED_LOCATION_ID,
        online: false,
      };
      byId.set(character.id, character);
      idByKey.set(characterNameKey(record.name), character.id);
      return { ...character };
    },
    locationOf: (characterId) => byId.get(characterId)?.locationId,
    describeCharacter(characterId) {
      const character = byId.get(characterId);
      return character === undefined ? undefined : { ...character };
    },
    setOnline(characterId, online) {
      const character = byId.get(characterId);
      if (character !== undefined) character.online = online;
    },
  };
}
