/**
 * The SQL CharacterStore (PostgreSQL and PGlite through SqlClient): one row
 * per character in `holomush.characters`, unique by lower-cased name. A claim
 * is one autocommit statement, so it resolves only after the commit.
 */
import { type CharacterRecord, type CharacterStore, characterNameKey } from "../world/character-store.js";
import { HOST_SCHEMA } from "./host-migrations.js";
import { type SqlClient, toStorageError } from "./sql-client.js";

const TABLE = `${HOST_SCHEMA}.characters`;

const SQL = {
  list: `SELECT id, name FROM ${TABLE} ORDER BY created_at, id`,
  claim: `INSERT INTO ${TABLE} (id, name, name_key) VALUES ($1, $2, $3)
          ON CONFLICT (name_key) DO NOTHING RETURNING id, name`,
  byKey: `SELECT id, name FROM ${TABLE} WHERE name_key = $1`,
} as const;

export function createSqlCharacterStore(client: SqlClient): CharacterStore {
  return {
    async list() {
      try {
        return (await client.query<CharacterRecord>(SQL.list)).rows.map(({ id, name }) => ({ id, name }));
      } catch (error) {
        throw toStorageError(error, "characters list");
      }
    },
    async claim(record) {
      const key = characterNameKey(record.name);
      try {
        const inserted = await client.query<CharacterRecord>(SQL.claim, [record.id, record.name, key]);
        const row = inserted.rows[0] ?? (await client.query<CharacterRecord>(SQL.byKey, [key])).rows[0];
        if (row === undefined) throw new Error(`character "${record.name}" vanished while it was claimed`);
        return { id: row.id, name: row.name };
      } catch (error) {
        throw toStorageError(error, "characters claim");
      }
    },
  };
}
