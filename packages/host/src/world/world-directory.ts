/**
 * The engine's view of an embedder's world: who a player is when they
 * connect, and where characters are. The engine binds sessions, the
 * authorizer's `location` attribute and sessions following moves to it;
 * everything else about the world (rooms, exits, what a character sees) is
 * the embedder's, offered to plugins as services of its own.
 */

/** A character as the directory hands it to the engine. */
export interface DirectoryCharacter {
  /** Stable id (plugin data is keyed by it). */
  id: string;
  /** Display name. */
  name: string;
  /** Where the character is now (its session watches `location:<id>`). */
  locationId: string;
}

/** The embedder's characters and their locations, as createHost's `directory`. */
export interface WorldDirectory {
  /**
   * The character a player connecting as `name` plays (created on first use
   * if the world allows); throw a HostError (INVALID_ARGUMENT) to refuse the name.
   */
  resolveCharacter(name: string): Promise<DirectoryCharacter> | DirectoryCharacter;
  /** Where a character is now, or undefined when the directory does not know it. */
  locationOf(characterId: string): string | undefined;
  /** Told when a character's first session opens (true) and its last closes (false). */
  setOnline?(characterId: string, online: boolean): void;
  /** Calls `listener` when a character moves, so its sessions follow; returns a function that stops it. */
  onMove?(listener: (characterId: string, toLocationId: string) => void): () => void;
}
