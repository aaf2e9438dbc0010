"""The SDK's entry points: read the HOLOMUSH_* environment, dial the host, run the
session. ``serve`` exits the process: 0 after a Shutdown, 1 when the host refused
the plugin or went away, 2 when started outside a host."""

from __future__ import annotations

import asyncio
import os
import sys
import threading
from collections.abc import Mapping, Sequence
from typing import Any

import grpc

from .env import API_VERSIONS, MisconfiguredError, read_environment
from .inherited import InheritedConnection
from .session import Session, SessionEnd


async def run(
    handler: Any,
    *,
    commands: Sequence[str] = (),
    api_versions: Sequence[str] = API_VERSIONS,
    name: str | None = None,
    version: str | None = None,
    env: Mapping[str, str] | None = None,
    unary_host_calls: bool = False,
) -> SessionEnd:
    """Runs one session with the host and returns how it ended (raises MisconfiguredError).

    Host calls (EventSink, FocusClient, KvClient) ride the plugin's open stream when the host
    offers it; ``unary_host_calls=True`` keeps them unary RPCs."""
    environment = read_environment(env)
    inherited = await InheritedConnection.open(environment.host_fd) if environment.host_fd is not None else None
    target = inherited.path if inherited else environment.socket_path
    try:
        # One channel: the stream, the host service calls and brokered calls share its connection.
        # The authority is nominal on a unix socket; grpcio would send the socket path.
        options = (("grpc.default_authority", "localhost"),)
        async with grpc.aio.insecure_channel(f"unix:{target}", options=options) as channel:
            session = Session(channel, environment.token, handler, unary_host_calls)
            return await session.run(name or environment.name, version or environment.version, api_versions, commands)
    finally:
        if inherited:
            await inherited.close()


def start_stdin_lifeline() -> None:
    """Exits the process (code 1) when stdin reaches EOF: the host that spawned us is gone."""

    # Raw reads on fd 0: a daemon thread blocked in sys.stdin's buffered reader makes the
    # interpreter abort at exit ("could not acquire lock for <stdin>").
    def watch() -> None:
        while os.read(0, 65536):
            pass
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="holomush-stdin-lifeline").start()


def serve(
    handler: Any,
    *,
    commands: Sequence[str] = (),
    api_versions: Sequence[str] = API_VERSIONS,
    name: str | None = None,
    version: str | None = None,
    unary_host_calls: bool = False,
) -> None:
    """Serves a plugin until the host shuts it down, then exits the process."""
    try:
        environment = read_environment()
    except MisconfiguredError as error:
        print(error, file=sys.stderr)
        sys.exit(2)
    if environment.stdin_lifeline:
        start_stdin_lifeline()
    end = asyncio.run(
        run(
            handler,
            commands=commands,
            api_versions=api_versions,
            name=name,
            version=version,
            unary_host_calls=unary_host_calls,
        )
    )
    if end.kind == "shutdown":
        sys.exit(0)
    if end.kind == "refused":
        print(f"holomush plugin: the host refused this plugin: {end.refusal}", file=sys.stderr)
    else:
        print(f"holomush plugin: lost the host connection: {end.reason}", file=sys.stderr)
    sys.exit(1)
