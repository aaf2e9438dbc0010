/**
 * The engine's view of an embedder's world: who a player is when they
 * connect, and where characters are. The engine binds sessions, the
 * authorizer's `location` attribute and sessions following moves to it.
 * The optional methods back the Lua runtime's world globals (docs/lua.md)
 * and what a transport shows (names, rooms); a directory without one makes
 * those calls fail with SERVICE_UNAVAILABLE. Everything else about the world
 * is the embedder's, offered to plugins as services of its own.
 */

/** A character as the directory hands it to the engine. */
export interface DirectoryCharacter {
  /** Stable id (plugin data is keyed by it). */
  id: string;
  /** Display name. */
  name: string;
  /** Where the character is now (its session watches `location:<id>`). */
  locationId: string;
  /** Whether a session plays it now, when the directory tracks that. */
  online?: boolean;
}

/** A location as the directory describes it. */
export interface DirectoryLocation {
  id: string;
  name: string;
  description: string;
  /** Ways out, each to a location id. */
  exits: ReadonlyArray<{ name: string; toLocationId: string }>;
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
  /** The character with this id, or undefined (Lua `QueryCharacter`, actor names). */
  describeCharacter?(characterId: string): DirectoryCharacter | undefined;
  /** The location with this id, or undefined (Lua `QueryLocation`, objects placed in a location). */
  describeLocation?(locationId: string): DirectoryLocation | undefined;
  /** The location with this name, or undefined when none or several match (Lua `FindLocation`). */
  findLocation?(name: string): DirectoryLocation | undefined;
  /** The characters at a location (Lua `QueryLocationCharacters`). */
  charactersAt?(locationId: string): DirectoryCharacter[];
  /** Adds a location with no exits; throw a HostError to refuse (Lua `CreateLocation`). */
  createLocation?(spec: { name: string; description: string }): DirectoryLocation;
  /** Adds or replaces an exit between two locations; throw a HostError to refuse (Lua `CreateExit`). */
  createExit?(fromLocationId: string, name: string, toLocationId: string): void;
}
