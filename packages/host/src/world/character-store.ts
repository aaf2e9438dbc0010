/**
 * Where the host keeps its characters: a name (case-insensitive) bound to a
 * stable id, so plugin data keyed by `characterId` survives a host restart.
 * Engines: in-memory here (the default, for tests and embedders without
 * storage) and SQL (`sql-character-store.ts`, PostgreSQL and PGlite).
 */

/** A character's stable id and its name. */
export interface CharacterRecord {
  id: string;
  name: string;
}

/** Characters by name, so their ids survive a restart. */
export interface CharacterStore {
  /** Every stored character, oldest first. */
  list(): Promise<CharacterRecord[]>;
  /**
   * Stores `record` unless its name (case-insensitive) is taken; resolves
   * with the record that holds the name afterwards — `record` itself, or the
   * one stored first (two hosts or connections racing for a new name agree).
   */
  claim(record: CharacterRecord): Promise<CharacterRecord>;
}

/** The key a name is unique under: names differ only in case are the same character. */
export const characterNameKey = (name: string) => name.toLowerCase();

export function createMemoryCharacterStore(): CharacterStore {
  const byKey = new Map<string, CharacterRecord>();
  return {
    async list() {
      return [...byKey.values()].map((record) => ({ ...record }));
    },
    async claim(record) {
      const key = characterNameKey(record.name);
      const existing = byKey.get(key);
      if (existing !== undefined) return { ...existing };
      byKey.set(key, { ...record });
      return { ...record };
    },
  };
}
