"""How EventSink, FocusClient and KvClient reach the host: unary PluginHostService
calls on the plugin's channel, or HostRequest/HostResponse frames on its open
stream when the host offers them (HostHello capability "host-requests"). The host
runs the same implementation either way, so answers and error codes match; the
stream saves an HTTP/2 request per call."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, Protocol, TypeVar

import grpc

from holomush.plugin.v1 import host_service_pb2_grpc, stream_pb2

from .error_codes import HOST_CONNECTION_LOST as HOST_CONNECTION_LOST
from .errors import HostCallError, from_rpc_error

M = TypeVar("M")
Metadata = tuple[tuple[str, str], ...]

HOST_REQUESTS_CAPABILITY = "host-requests"
"""HostHello capability: the host answers HostRequest frames on the plugin's stream."""

_STATUS_BY_NUMBER = {status.value[0]: status for status in grpc.StatusCode}


class HostCalls(Protocol):
    """One PluginHostService call by method name (``"KvGet"``); raises HostCallError."""

    async def call(self, method: str, request: Any, response_type: type[M]) -> M: ...


class UnaryHostCalls:
    """Each call a unary RPC on the plugin's channel, with its token."""

    def __init__(self, stub: host_service_pb2_grpc.PluginHostServiceStub, metadata: Metadata) -> None:
        self._stub, self._metadata = stub, metadata

    async def call(self, method: str, request: Any, response_type: type[M]) -> M:
        try:
            reply: M = await getattr(self._stub, method)(request, metadata=self._metadata)
            return reply
        except grpc.RpcError as error:
            raise from_rpc_error(error) from error


class StreamHostCalls:
    """Each call a HostRequest frame on the open stream, answered by the HostResponse with its id."""

    def __init__(self, send: Callable[[stream_pb2.ConnectRequest], Awaitable[None]]) -> None:
        self._send = send
        self._pending: dict[int, asyncio.Future[stream_pb2.HostResponse]] = {}
        self._next_id = 0
        self._closed: HostCallError | None = None

    @property
    def in_flight(self) -> int:
        return len(self._pending)

    async def call(self, method: str, request: Any, response_type: type[M]) -> M:
        if self._closed is not None:
            raise self._closed
        self._next_id += 1
        request_id = self._next_id
        answer: asyncio.Future[stream_pb2.HostResponse] = asyncio.get_running_loop().create_future()
        self._pending[request_id] = answer
        frame = stream_pb2.HostRequest(request_id=request_id, method=method, message=request.SerializeToString())
        try:
            await self._send(stream_pb2.ConnectRequest(host_request=frame))
            response = await answer
        finally:
            self._pending.pop(request_id, None)  # a late answer is dropped
        if response.code != 0:
            status = _STATUS_BY_NUMBER.get(response.code, grpc.StatusCode.UNKNOWN)
            detail = response.error
            code = detail.code or status.name
            raise HostCallError(code, detail.message or code, status, dict(detail.metadata))
        try:
            parsed: M = getattr(response_type, "FromString")(response.message)
            return parsed
        except Exception as error:  # google.protobuf's DecodeError (the runtime has no type stubs here)
            raise HostCallError("INTERNAL", f"unreadable host response: {error}", grpc.StatusCode.INTERNAL) from error

    def receive(self, response: stream_pb2.HostResponse) -> None:
        """Settles the call a HostResponse answers; an unknown request_id is dropped."""
        answer = self._pending.pop(response.request_id, None)
        if answer is not None and not answer.done():
            answer.set_result(response)

    def close(self, reason: str) -> None:
        """The stream is gone: every call in flight, and every later one, fails with HOST_CONNECTION_LOST."""
        if self._closed is not None:
            return
        self._closed = HostCallError(
            HOST_CONNECTION_LOST, f"the stream to the host closed: {reason}", grpc.StatusCode.UNAVAILABLE
        )
        for answer in self._pending.values():
            if not answer.done():
                answer.set_exception(self._closed)
        self._pending.clear()
