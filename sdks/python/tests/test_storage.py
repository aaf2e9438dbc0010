"""holomush_plugin.storage on a real PostgreSQL (HOLOMUSH_TEST_DATABASE_URL, default the local
one): a fresh schema and login role per test, as the host provisions a plugin's; migrations
applied once and skipped the second time; a failing migration rolled back without a record;
two instances migrating at once apply each file once."""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg
import pytest

from holomush_plugin.storage import (
    CONNECTION_STRING_INVALID,
    MIGRATION_FAILED,
    MIGRATION_NAME_INVALID,
    MIGRATION_VERSION_DUPLICATE,
    STORAGE_UNAVAILABLE,
    StorageError,
    connect,
    parse_schema_from_conn_string,
    read_migrations,
    run_migrations,
)

BASE_URL = os.environ.get("HOLOMUSH_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def test_parse_schema_from_conn_string() -> None:
    assert parse_schema_from_conn_string("postgres://u@h/db?options=-c%20search_path%3Dplugin_core_scenes") == (
        "plugin_core_scenes"
    )
    assert parse_schema_from_conn_string("postgresql://u@h/db?options=-c+search_path=plugin_a,public") == "plugin_a"
    assert parse_schema_from_conn_string("postgres://u@h/db") == ""
    for bad in ["", "mysql://u@h/db", "postgres://u@h/db?options=-c%20search_path%3Dx;drop"]:
        with pytest.raises(StorageError) as caught:
            parse_schema_from_conn_string(bad)
        assert caught.value.code == CONNECTION_STRING_INVALID


def test_read_migrations_refuses_misnamed_and_duplicate_files(tmp_path: Path) -> None:
    (tmp_path / "1_init.up.sql").write_text("")
    with pytest.raises(StorageError) as caught:
        read_migrations(tmp_path)
    assert (caught.value.code, caught.value.file) == (MIGRATION_NAME_INVALID, "1_init.up.sql")
    (tmp_path / "1_init.up.sql").unlink()
    (tmp_path / "000001_a.up.sql").write_text("")
    (tmp_path / "000001_b.up.sql").write_text("")
    with pytest.raises(StorageError) as caught:
        read_migrations(tmp_path)
    assert caught.value.code == MIGRATION_VERSION_DUPLICATE
    (tmp_path / "000001_b.up.sql").unlink()
    (tmp_path / "000002_b.up.sql").write_text("")
    (tmp_path / "000001_a.down.sql").write_text("")
    (tmp_path / "README.md").write_text("")
    assert [(m.version, m.name) for m in read_migrations(tmp_path)] == [(1, "a"), (2, "b")]


def _with(url: str, user: str, password: str, options: str) -> str:
    parts = urlsplit(url)
    netloc = f"{quote(user)}:{quote(password)}@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, f"options={quote(options)}", ""))


@pytest.fixture
async def plugin_url() -> AsyncIterator[str]:
    """A schema owned by a login role of its own, and the connection string the host would pass."""
    try:
        admin = await psycopg.AsyncConnection.connect(BASE_URL, autocommit=True)
    except psycopg.OperationalError as error:
        # CI never skips (scripts/check-python-sdk.sh runs under with-test-services there).
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"no PostgreSQL at {BASE_URL}: {error}")
    name = f"plugin_py_sdk_test_{secrets.token_hex(4)}"
    password = secrets.token_hex(12)
    await admin.execute(f"CREATE ROLE {name} LOGIN PASSWORD '{password}'")
    await admin.execute(f"CREATE SCHEMA {name} AUTHORIZATION {name}")
    try:
        yield _with(BASE_URL, name, password, f"-c search_path={name}")
    finally:
        await admin.execute(f"DROP SCHEMA {name} CASCADE")
        await admin.execute(f"DROP ROLE {name}")
        await admin.close()


async def _scalar(url: str, sql: str) -> object:
    async with await psycopg.AsyncConnection.connect(url) as connection:
        cursor = await connection.execute(sql)
        row = await cursor.fetchone()
        return None if row is None else row[0]


async def test_migrations_apply_once_in_the_plugins_schema(plugin_url: str, tmp_path: Path) -> None:
    schema = parse_schema_from_conn_string(plugin_url)
    (tmp_path / "000001_create_scenes.up.sql").write_text(
        "CREATE TABLE IF NOT EXISTS scenes (id text PRIMARY KEY, title text NOT NULL);"
    )
    (tmp_path / "000002_seed.up.sql").write_text(
        "INSERT INTO scenes VALUES ('s1', 'First'); INSERT INTO scenes VALUES ('s2', '100% Second');"
    )
    (tmp_path / "000002_seed.down.sql").write_text("DELETE FROM scenes;")
    pool = await connect(plugin_url)
    try:
        first = await run_migrations(pool, tmp_path)
        assert (first.applied, first.skipped) == (["000001_create_scenes.up.sql", "000002_seed.up.sql"], [])
        # Unqualified names landed in the plugin's schema.
        assert await _scalar(BASE_URL, f"SELECT count(*) FROM {schema}.scenes") == 2
        async with pool.connection() as connection:
            cursor = await connection.execute("SELECT current_schema(), title FROM scenes WHERE id = 's2'")
            assert await cursor.fetchone() == (schema, "100% Second")

        second = await run_migrations(pool, tmp_path)
        assert (second.applied, second.skipped) == ([], ["000001_create_scenes.up.sql", "000002_seed.up.sql"])

        (tmp_path / "000003_broken.up.sql").write_text(
            "INSERT INTO scenes VALUES ('s3', 'Third'); SELECT no_such_function();"
        )
        with pytest.raises(StorageError) as caught:
            await run_migrations(pool, tmp_path)
        assert (caught.value.code, caught.value.file) == (MIGRATION_FAILED, "000003_broken.up.sql")
        assert "no_such_function" in caught.value.message
        # The broken file's insert was rolled back, and nothing recorded it.
        assert await _scalar(BASE_URL, f"SELECT count(*) FROM {schema}.scenes") == 2
        assert await _scalar(BASE_URL, f"SELECT count(*) FROM {schema}.plugin_migrations") == 2
        # The pool is still usable after a failed run (its connection went back clean).
        async with pool.connection() as connection:
            cursor = await connection.execute("SELECT count(*) FROM scenes")
            assert await cursor.fetchone() == (2,)
    finally:
        await pool.close()


async def test_two_instances_migrating_at_once_apply_each_file_once(plugin_url: str, tmp_path: Path) -> None:
    schema = parse_schema_from_conn_string(plugin_url)
    (tmp_path / "000001_log.up.sql").write_text("CREATE TABLE log (n int); INSERT INTO log VALUES (1);")
    (tmp_path / "000002_more.up.sql").write_text("INSERT INTO log VALUES (2);")
    pools = [await connect(plugin_url), await connect(plugin_url)]
    try:
        reports = await asyncio.gather(*(run_migrations(pool, tmp_path) for pool in pools))
        assert sorted(len(report.applied) for report in reports) == [0, 2]
        assert await _scalar(BASE_URL, f"SELECT count(*) FROM {schema}.log") == 2
    finally:
        for pool in pools:
            await pool.close()


async def test_connect_refuses_a_bad_string_and_an_unreachable_server() -> None:
    with pytest.raises(StorageError) as caught:
        await connect("mysql://u@h/db")
    assert caught.value.code == CONNECTION_STRING_INVALID
    # A port nothing listens on (1 is privileged and unused here).
    with pytest.raises(StorageError) as caught:
        await connect("postgres://nobody@127.0.0.1:1/none?connect_timeout=1", timeout=2)
    assert caught.value.code == STORAGE_UNAVAILABLE
