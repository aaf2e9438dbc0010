-- Free-form tags, filtered with "contains all of" (@>), which the GIN index serves.
ALTER TABLE scenes ADD COLUMN IF NOT EXISTS tags text[] NOT NULL DEFAULT '{}';

CREATE INDEX IF NOT EXISTS scenes_by_tags ON scenes USING gin (tags);
