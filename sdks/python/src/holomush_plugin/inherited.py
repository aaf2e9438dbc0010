"""The connection a spawned plugin inherits (HOLOMUSH_HOST_FD), made dialable for grpcio.

grpcio cannot open a channel on an existing descriptor, so the SDK listens on a socket in a
private (0700) temporary directory and splices the first connection to it onto the inherited
one, byte for byte. Only that first connection is spliced: the descriptor is the plugin's
identity and is used once, as in the TypeScript SDK; when either side closes, both do."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import tempfile


async def _pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()


class InheritedConnection:
    """``await InheritedConnection.open(fd)``; dial ``path``; ``await close()``."""

    def __init__(self, directory: str, server: asyncio.base_events.Server) -> None:
        self._directory = directory
        self._server = server
        self.path = os.path.join(directory, "host.sock")

    @classmethod
    async def open(cls, fd: int) -> InheritedConnection:
        host_reader, host_writer = await asyncio.open_unix_connection(sock=socket.socket(fileno=fd))
        used = False

        async def splice(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            nonlocal used
            if used:  # a second connection would be a second identity: refuse it
                writer.close()
                return
            used = True
            try:
                await asyncio.gather(_pump(reader, host_writer), _pump(host_reader, writer))
            except asyncio.CancelledError:
                # Shutdown cancels the splice; ending quietly keeps asyncio's stream callback
                # from printing the cancellation as a traceback on the plugin's stderr.
                writer.close()
                host_writer.close()

        directory = tempfile.mkdtemp(prefix="holomush-plugin-")  # mode 0700
        server = await asyncio.start_unix_server(splice, path=os.path.join(directory, "host.sock"))
        return cls(directory, server)

    async def close(self) -> None:
        self._server.close()
        shutil.rmtree(self._directory, ignore_errors=True)
