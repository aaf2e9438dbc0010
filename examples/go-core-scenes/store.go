package main

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/oklog/ulid/v2"
)

// SceneRow is one scene as the tables in migrations/ keep it.
type SceneRow struct {
	ID         string
	Title      string
	OwnerID    string
	LocationID string
	// State is "active" or "closed".
	State string
	// ParticipantIDs are character ids in the order they joined.
	ParticipantIDs []string
	// CreatedAt is Unix ms.
	CreatedAt int64
	Tags      []string
}

// NewScene is what Create stores.
type NewScene struct {
	Title      string
	OwnerID    string
	LocationID string
	Tags       []string
}

// SceneStore is the SQL behind the scenes. Every write is one statement, so
// it is atomic without an explicit transaction, as in the TypeScript plugin.
type SceneStore struct{ db *pgxpool.Pool }

// The columns every read returns; participants are aggregated in join order.
const sceneColumns = `s.id, s.title, s.owner_id, s.location_id, s.state, s.tags,
  (extract(epoch FROM s.created_at) * 1000)::bigint AS created_ms,
  ARRAY(SELECT p.character_id FROM scene_participants p
        WHERE p.scene_id = s.id ORDER BY p.joined_at, p.character_id) AS participant_ids`

func scanScene(row pgx.Row) (*SceneRow, error) {
	var scene SceneRow
	err := row.Scan(&scene.ID, &scene.Title, &scene.OwnerID, &scene.LocationID, &scene.State, &scene.Tags,
		&scene.CreatedAt, &scene.ParticipantIDs)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &scene, nil
}

// Create inserts a scene with a new ULID (monotonic within a millisecond,
// so "newest first" holds for scenes made in the same millisecond).
func (s *SceneStore) Create(ctx context.Context, scene NewScene) (*SceneRow, error) {
	return scanScene(s.db.QueryRow(ctx, `WITH s AS (
	    INSERT INTO scenes (id, title, owner_id, location_id, tags)
	    VALUES ($1, $2, $3, $4, $5::text[]) RETURNING *
	  )
	  SELECT s.id, s.title, s.owner_id, s.location_id, s.state, s.tags,
	    (extract(epoch FROM s.created_at) * 1000)::bigint AS created_ms,
	    '{}'::text[] AS participant_ids
	  FROM s`, ulid.Make().String(), scene.Title, scene.OwnerID, scene.LocationID, scene.Tags))
}

// Get returns the scene, nil when it does not exist.
func (s *SceneStore) Get(ctx context.Context, id string) (*SceneRow, error) {
	return scanScene(s.db.QueryRow(ctx, "SELECT "+sceneColumns+" FROM scenes s WHERE s.id = $1", id))
}

// List returns scenes newest first, only those carrying every tag in tags.
func (s *SceneStore) List(ctx context.Context, tags []string, includeClosed bool) ([]SceneRow, error) {
	if tags == nil {
		tags = []string{} // NULL would match nothing
	}
	rows, err := s.db.Query(ctx, "SELECT "+sceneColumns+` FROM scenes s
	  WHERE ($1 OR s.state = 'active') AND s.tags @> $2::text[]
	  ORDER BY s.created_at DESC, s.id DESC`, includeClosed, tags)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	scenes := []SceneRow{}
	for rows.Next() {
		scene, err := scanScene(rows)
		if err != nil {
			return nil, err
		}
		scenes = append(scenes, *scene)
	}
	return scenes, rows.Err()
}

// changeThenGet runs a write, then re-reads the scene (nil when it does not exist).
func (s *SceneStore) changeThenGet(ctx context.Context, sceneID, sql string, args ...any) (*SceneRow, error) {
	if _, err := s.db.Exec(ctx, sql, args...); err != nil {
		return nil, err
	}
	return s.Get(ctx, sceneID)
}

// AddParticipant adds the participant (idempotent).
func (s *SceneStore) AddParticipant(ctx context.Context, sceneID, characterID string) (*SceneRow, error) {
	return s.changeThenGet(ctx, sceneID, `INSERT INTO scene_participants (scene_id, character_id)
	  SELECT id, $2 FROM scenes WHERE id = $1
	  ON CONFLICT (scene_id, character_id) DO NOTHING`, sceneID, characterID)
}

// RemoveParticipant removes the participant (idempotent).
func (s *SceneStore) RemoveParticipant(ctx context.Context, sceneID, characterID string) (*SceneRow, error) {
	return s.changeThenGet(ctx, sceneID,
		"DELETE FROM scene_participants WHERE scene_id = $1 AND character_id = $2", sceneID, characterID)
}

// Close marks the scene closed.
func (s *SceneStore) Close(ctx context.Context, sceneID string) (*SceneRow, error) {
	return s.changeThenGet(ctx, sceneID, "UPDATE scenes SET state = 'closed' WHERE id = $1", sceneID)
}
