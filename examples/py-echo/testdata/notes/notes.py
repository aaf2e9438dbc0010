"""py-notes: a Python plugin on its own PostgreSQL schema through holomush_plugin.storage
(connect + run_migrations from a directory), for py-echo's storage test."""

from __future__ import annotations

from pathlib import Path

from psycopg_pool import AsyncConnectionPool

from holomush.plugin.v1 import config_pb2
from holomush_plugin import CommandRequest, CommandResponse, InitContext, errorf, ok, serve, storage

MIGRATIONS = Path(__file__).parent / "migrations"


class Notes:
    db: AsyncConnectionPool
    schema: str

    async def init(self, config: config_pb2.ServiceConfig, context: InitContext) -> None:
        if config.connection_string == "":
            raise RuntimeError("connection_string is required (storage: postgres)")
        self.schema = storage.parse_schema_from_conn_string(config.connection_string)
        self.db = await storage.connect(config.connection_string)
        await storage.run_migrations(self.db, MIGRATIONS)

    async def handle_command(self, request: CommandRequest) -> CommandResponse:
        action, _, text = request.args.strip().partition(" ")
        async with self.db.connection() as connection:
            if action == "add":
                await connection.execute("INSERT INTO notes (body) VALUES (%s)", (text,))
                return ok("noted")
            if action == "list":
                cursor = await connection.execute("SELECT body FROM notes ORDER BY id")
                return ok("|".join(row[0] for row in await cursor.fetchall()))
            if action == "schema":
                cursor = await connection.execute("SELECT current_schema()")
                row = await cursor.fetchone()
                return ok(f"{self.schema} {row[0] if row else ''}")
        return errorf("usage: pynote add <text> | pynote list | pynote schema")

    async def shutdown(self, reason: str) -> None:
        await self.db.close()


if __name__ == "__main__":
    serve(Notes(), commands=["pynote"])
