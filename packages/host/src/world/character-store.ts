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

/**
 * The form a name is stored in: NFKC, so "Zoe" + a combining diaeresis is
 * "Zoë" and a fullwidth "Ａ" is "A".
 */
export const normalCharacterName = (name: string) => name.normalize("NFKC");

/** The key a name is unique under: names that differ only in case (or normal form) are the same character. */
export const characterNameKey = (name: string) => normalCharacterName(name).toLowerCase();

/** Characters kept in memory: ids last as long as the process (openStorage() gives a durable store). */
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
