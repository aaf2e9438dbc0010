-- Who takes part in a scene (character ids), in the order they joined.
CREATE TABLE IF NOT EXISTS scene_participants (
    scene_id     text        NOT NULL REFERENCES scenes (id) ON DELETE CASCADE,
    character_id text        NOT NULL,
    joined_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (scene_id, character_id)
);
