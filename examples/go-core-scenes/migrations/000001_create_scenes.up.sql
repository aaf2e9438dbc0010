-- Scenes. Ids are ULIDs made by the plugin; created_at orders "newest first".
CREATE TABLE IF NOT EXISTS scenes (
    id          text        PRIMARY KEY,
    title       text        NOT NULL CHECK (btrim(title) <> ''),
    owner_id    text        NOT NULL,
    location_id text        NOT NULL,
    state       text        NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'closed')),
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX IF NOT EXISTS scenes_by_state_newest ON scenes (state, created_at DESC, id DESC);
