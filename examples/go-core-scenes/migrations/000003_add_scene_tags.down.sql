-- Manual rollback only: runMigrations never runs .down.sql files.
DROP INDEX IF EXISTS scenes_by_tags;
ALTER TABLE scenes DROP COLUMN IF EXISTS tags;
