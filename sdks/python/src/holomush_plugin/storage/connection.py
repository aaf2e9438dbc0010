"""The plugin's own database: the connection string the host passes in Init
(ServiceConfig.connection_string: the plugin's role, with
``options=-c search_path=plugin_<name>``) opened as a psycopg pool."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from psycopg import AsyncConnection
from psycopg import errors as pg_errors
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from .errors import CONNECTION_STRING_INVALID, STORAGE_UNAVAILABLE, StorageError

_SEARCH_PATH_OPTION = re.compile(r"(?:^|\s)-c\s*search_path=(\S+)")
_SCHEMA_LIST = re.compile(r"^[a-z_][a-z0-9_$]*(,[a-z_][a-z0-9_$]*)*$")


def _search_path_of(conn_string: str) -> str:
    if conn_string == "":
        raise StorageError(CONNECTION_STRING_INVALID, "connection string must be a postgres:// URL")
    try:
        parsed = urlsplit(conn_string)
    except ValueError as error:
        raise StorageError(CONNECTION_STRING_INVALID, f"connection string is malformed: {error}") from error
    if parsed.scheme not in ("postgres", "postgresql"):
        raise StorageError(
            CONNECTION_STRING_INVALID,
            f"connection string must use postgres:// or postgresql://, not {parsed.scheme or '(none)'}://",
        )
    options = parse_qs(parsed.query).get("options", [""])[0]
    match = _SEARCH_PATH_OPTION.search(options)
    if match is None:
        return ""
    if not _SCHEMA_LIST.match(match.group(1)):
        raise StorageError(
            CONNECTION_STRING_INVALID,
            f'search_path "{match.group(1)}" in the connection string is not a list of plain schema names',
        )
    return match.group(1)


def parse_schema_from_conn_string(conn_string: str) -> str:
    """The schema the connection string's ``options=-c search_path=<schema>`` names ("" when none)."""
    return _search_path_of(conn_string).split(",")[0]


async def connect(conn_string: str, *, min_size: int = 1, max_size: int = 4, timeout: float = 10.0) -> AsyncConnectionPool:
    """Opens (and checks) a pool on the plugin's database; close it with ``await pool.close()``.

    The search_path from the connection string is also SET on every new
    connection: the host's embedded engine ignores startup options, and
    unqualified table names must land in the plugin's schema on both engines.
    """
    search_path = _search_path_of(conn_string)

    async def configure(connection: AsyncConnection) -> None:
        if search_path != "":
            # Checked above: plain identifiers only.
            await connection.execute(f"SET search_path TO {search_path}")
            await connection.commit()

    pool = AsyncConnectionPool(
        conn_string, min_size=min_size, max_size=max_size, configure=configure, open=False, timeout=timeout
    )
    try:
        await pool.open(wait=True, timeout=timeout)
        async with pool.connection() as connection:
            await connection.execute("SELECT 1")
    except (PoolTimeout, pg_errors.Error, OSError) as error:
        await pool.close()
        raise StorageError(STORAGE_UNAVAILABLE, f"cannot reach the database: {error}") from error
    return pool
