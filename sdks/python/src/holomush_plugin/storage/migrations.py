"""SQL migrations from a directory: NNNNNN_name.up.sql files applied in
version order, each in its own transaction, recorded in plugin_migrations,
under an advisory lock so two instances never race (the Go and TypeScript
SDKs' scheme: the same table, so a plugin can move between them)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from psycopg import AsyncConnection
from psycopg import errors as pg_errors
from psycopg_pool import AsyncConnectionPool

from .errors import (
    MIGRATION_FAILED,
    MIGRATION_NAME_INVALID,
    MIGRATION_VERSION_DUPLICATE,
    MIGRATIONS_UNREADABLE,
    STORAGE_UNAVAILABLE,
    StorageError,
)

MIGRATION_FILE_PATTERN = re.compile(r"^(\d{6})_([A-Za-z0-9_-]+)\.(up|down)\.sql$")
"""NNNNNN_name.up.sql (or .down.sql, never run)."""

_LOCK_KEY = "hashtext(current_schema() || '.plugin_migrations')"


@dataclass(frozen=True)
class Migration:
    """One up migration file."""

    version: int
    name: str
    file: str


@dataclass
class MigrationReport:
    """What a run applied and what was already recorded (file names)."""

    applied: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def read_migrations(directory: str | Path) -> list[Migration]:
    """The up migrations in ``directory``, in version order. A misnamed .sql file is refused, so it
    cannot be silently skipped."""
    root = Path(directory)
    try:
        entries = sorted(root.iterdir())
    except OSError as error:
        raise StorageError(MIGRATIONS_UNREADABLE, f"cannot read migrations in {root}: {error}", str(root)) from error
    by_version: dict[int, Migration] = {}
    for entry in entries:
        if entry.is_dir() or not entry.name.lower().endswith(".sql"):
            continue
        match = MIGRATION_FILE_PATTERN.match(entry.name)
        if match is None:
            raise StorageError(
                MIGRATION_NAME_INVALID,
                f"migration file {entry.name} is badly named: expected NNNNNN_name.up.sql (or .down.sql), "
                "e.g. 000001_create_scenes.up.sql",
                entry.name,
            )
        if match.group(3) == "down":
            continue
        version = int(match.group(1))
        clash = by_version.get(version)
        if clash is not None:
            raise StorageError(
                MIGRATION_VERSION_DUPLICATE,
                f"migrations {clash.file} and {entry.name} share version {match.group(1)}",
                entry.name,
            )
        by_version[version] = Migration(version, match.group(2), entry.name)
    return [by_version[version] for version in sorted(by_version)]


async def run_migrations(pool: AsyncConnectionPool, directory: str | Path) -> MigrationReport:
    """Applies the up migrations in ``directory`` that plugin_migrations does not record yet."""
    migrations = read_migrations(directory)
    root = Path(directory)
    report = MigrationReport()
    async with pool.connection() as connection:
        # Each migration commits on its own; the session-level lock spans them all.
        await connection.set_autocommit(True)
        try:
            try:
                await connection.execute(f"SELECT pg_advisory_lock({_LOCK_KEY})")
            except pg_errors.Error as error:
                raise StorageError(STORAGE_UNAVAILABLE, str(error)) from error
            try:
                await _create_table(connection)
                for migration in migrations:
                    sql = _read(root, migration)
                    if await _apply_one(connection, migration, sql):
                        report.applied.append(migration.file)
                    else:
                        report.skipped.append(migration.file)
            finally:
                await connection.execute(f"SELECT pg_advisory_unlock({_LOCK_KEY})")
        finally:
            await connection.set_autocommit(False)
    return report


async def _create_table(connection: AsyncConnection) -> None:
    try:
        await connection.execute(
            """CREATE TABLE IF NOT EXISTS plugin_migrations (
                version    bigint      PRIMARY KEY,
                name       text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())"""
        )
    except pg_errors.Error as error:
        raise StorageError(MIGRATION_FAILED, f"cannot create plugin_migrations: {error}") from error


def _read(root: Path, migration: Migration) -> str:
    try:
        return (root / migration.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise StorageError(MIGRATIONS_UNREADABLE, f"cannot read {migration.file}: {error}", migration.file) from error


async def _apply_one(connection: AsyncConnection, migration: Migration, sql: str) -> bool:
    try:
        async with connection.transaction():
            cursor = await connection.execute(
                "SELECT EXISTS (SELECT 1 FROM plugin_migrations WHERE version = %s)", (migration.version,)
            )
            row = await cursor.fetchone()
            if row is not None and row[0]:
                return False
            # No parameters: psycopg sends the file as one simple query, so it may hold many statements.
            await connection.execute(sql)
            await connection.execute(
                "INSERT INTO plugin_migrations (version, name) VALUES (%s, %s)", (migration.version, migration.name)
            )
    except pg_errors.Error as error:
        raise StorageError(
            MIGRATION_FAILED,
            f"migration {migration.file} failed and was rolled back: {error}",
            migration.file,
        ) from error
    return True
