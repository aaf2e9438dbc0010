"""The database side of ``storage: postgres`` plugins (``pip install 'holomush-plugin-sdk[storage]'``):
``connect`` opens a psycopg pool on the connection string the host passes in Init,
``run_migrations`` applies ``NNNNNN_name.up.sql`` files from a directory, and
``parse_schema_from_conn_string`` names the plugin's schema."""

from __future__ import annotations

try:
    import psycopg  # noqa: F401
    import psycopg_pool  # noqa: F401
except ImportError as error:  # pragma: no cover - depends on the install
    raise ImportError(
        "holomush_plugin.storage needs psycopg 3 and psycopg-pool: pip install 'holomush-plugin-sdk[storage]'"
    ) from error

from .connection import connect, parse_schema_from_conn_string
from .errors import (
    CONNECTION_STRING_INVALID,
    MIGRATION_FAILED,
    MIGRATION_NAME_INVALID,
    MIGRATION_VERSION_DUPLICATE,
    MIGRATIONS_UNREADABLE,
    STORAGE_UNAVAILABLE,
    StorageError,
)
from .migrations import MIGRATION_FILE_PATTERN, Migration, MigrationReport, read_migrations, run_migrations

__all__ = [
    "CONNECTION_STRING_INVALID",
    "MIGRATIONS_UNREADABLE",
    "MIGRATION_FAILED",
    "MIGRATION_FILE_PATTERN",
    "MIGRATION_NAME_INVALID",
    "MIGRATION_VERSION_DUPLICATE",
    "STORAGE_UNAVAILABLE",
    "Migration",
    "MigrationReport",
    "StorageError",
    "connect",
    "parse_schema_from_conn_string",
    "read_migrations",
    "run_migrations",
]
