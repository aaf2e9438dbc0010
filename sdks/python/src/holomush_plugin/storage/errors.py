"""Coded storage failures, naming the migration file where there is one."""

from __future__ import annotations

CONNECTION_STRING_INVALID = "CONNECTION_STRING_INVALID"
MIGRATIONS_UNREADABLE = "MIGRATIONS_UNREADABLE"
MIGRATION_NAME_INVALID = "MIGRATION_NAME_INVALID"
MIGRATION_VERSION_DUPLICATE = "MIGRATION_VERSION_DUPLICATE"
MIGRATION_FAILED = "MIGRATION_FAILED"
STORAGE_UNAVAILABLE = "STORAGE_UNAVAILABLE"


class StorageError(Exception):
    """A storage failure; branch on ``code`` (the Go SDK's codes), never on the message."""

    def __init__(self, code: str, message: str, file: str | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.file = file
