-- Manual rollback only: runMigrations never runs .down.sql files.
DROP TABLE IF EXISTS scenes;
