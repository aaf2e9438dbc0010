/**
 * The scenes tables (migrations/) behind SceneService. Every write is one SQL
 * statement, so it is atomic without an explicit transaction: on the
 * embedded engine all pooled connections share one PGlite session, where a
 * transaction held on one connection would stall the others.
 */
import type { Pool } from "pg";
import { monotonicFactory } from "ulid";

export type SceneStateName = "active" | "closed";

export interface SceneRow {
  id: string;
  title: string;
  ownerId: string;
  locationId: string;
  state: SceneStateName;
  /** Character ids, in the order they joined. */
  participantIds: string[];
  /** Unix ms. */
  createdAt: number;
  tags: string[];
}

export interface NewScene {
  title: string;
  ownerId: string;
  locationId: string;
  tags: string[];
}

export interface SceneStore {
  create(scene: NewScene): Promise<SceneRow>;
  get(id: string): Promise<SceneRow | undefined>;
  /** Newest first; only scenes carrying every tag in `tags`. */
  list(filter: { tags: string[]; includeClosed: boolean }): Promise<SceneRow[]>;
  /** Adds the participant (idempotent); resolves with the scene, undefined when it does not exist. */
  addParticipant(sceneId: string, characterId: string): Promise<SceneRow | undefined>;
  /** Removes the participant (idempotent); resolves with the scene, undefined when it does not exist. */
  removeParticipant(sceneId: string, characterId: string): Promise<SceneRow | undefined>;
  /** Marks the scene closed; resolves with the scene, undefined when it does not exist. */
  close(sceneId: string): Promise<SceneRow | undefined>;
}

interface RawScene {
  id: string;
  title: string;
  owner_id: string;
  location_id: string;
  state: SceneStateName;
  participant_ids: string[];
  created_ms: string;
  tags: string[];
}

// The columns every read returns; participants are aggregated in join order.
const SCENE_COLUMNS = `s.id, s.title, s.owner_id, s.location_id, s.state, s.tags,
  (extract(epoch FROM s.created_at) * 1000)::bigint::text AS created_ms,
  ARRAY(SELECT p.character_id FROM scene_participants p
        WHERE p.scene_id = s.id ORDER BY p.joined_at, p.character_id) AS participant_ids`;

function toRow(raw: RawScene): SceneRow {
  return {
    id: raw.id,
    title: raw.title,
    ownerId: raw.owner_id,
    locationId: raw.location_id,
    state: raw.state,
    participantIds: raw.participant_ids,
    createdAt: Number(raw.created_ms),
    tags: raw.tags,
  };
}

export function createSceneStore(db: Pool): SceneStore {
  // Monotonic: ids made in the same millisecond still sort in creation order.
  const newId = monotonicFactory();

  async function get(id: string): Promise<SceneRow | undefined> {
    const { rows } = await db.query<RawScene>(`SELECT ${SCENE_COLUMNS} FROM scenes s WHERE s.id = $1`, [id]);
    return rows[0] === undefined ? undefined : toRow(rows[0]);
  }

  // Runs a write, then re-reads the scene; undefined when the scene does not exist.
  async function changeThenGet(sceneId: string, sql: string, params: unknown[]): Promise<SceneRow | undefined> {
    await db.query(sql, params);
    return get(sceneId);
  }

  return {
    async create(scene) {
      const { rows } = await db.query<RawScene>(
        `WITH s AS (
           INSERT INTO scenes (id, title, owner_id, location_id, tags)
           VALUES ($1, $2, $3, $4, $5::text[]) RETURNING *
         )
         SELECT s.id, s.title, s.owner_id, s.location_id, s.state, s.tags,
           (extract(epoch FROM s.created_at) * 1000)::bigint::text AS created_ms,
           '{}'::text[] AS participant_ids
         FROM s`,
        [newId(), scene.title, scene.ownerId, scene.locationId, scene.tags],
      );
      return toRow(rows[0] as RawScene);
    },
    get,
    async list({ tags, includeClosed }) {
      const { rows } = await db.query<RawScene>(
        `SELECT ${SCENE_COLUMNS} FROM scenes s
         WHERE ($1 OR s.state = 'active') AND s.tags @> $2::text[]
         ORDER BY s.created_at DESC, s.id DESC`,
        [includeClosed, tags],
      );
      return rows.map(toRow);
    },
    addParticipant: (sceneId, characterId) =>
      changeThenGet(
        sceneId,
        `INSERT INTO scene_participants (scene_id, character_id)
         SELECT id, $2 FROM scenes WHERE id = $1
         ON CONFLICT (scene_id, character_id) DO NOTHING`,
        [sceneId, characterId],
      ),
    removeParticipant: (sceneId, characterId) =>
      changeThenGet(sceneId, "DELETE FROM scene_participants WHERE scene_id = $1 AND character_id = $2", [
        sceneId,
        characterId,
      ]),
    close: (sceneId) => changeThenGet(sceneId, "UPDATE scenes SET state = 'closed' WHERE id = $1", [sceneId]),
  };
}
