"""EventSink, FocusClient and KvClient: PluginHostService on the plugin's one channel."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, TypeVar

import grpc

from holomush.plugin.v1 import event_pb2, focus_pb2, host_service_pb2, host_service_pb2_grpc

from .errors import FocusError, HostCallError, from_rpc_error

T = TypeVar("T")
Metadata = tuple[tuple[str, str], ...]


class FocusKind(IntEnum):
    SCENE = focus_pb2.FOCUS_KIND_SCENE


@dataclass(frozen=True)
class FocusKey:
    kind: FocusKind
    target_id: str

    def to_proto(self) -> focus_pb2.FocusKey:
        return focus_pb2.FocusKey(kind=int(self.kind), target_id=self.target_id)  # type: ignore[arg-type]


@dataclass(frozen=True)
class KvEntry:
    key: str
    value: bytes


async def _guard(call: Callable[[], Awaitable[T]], kind: type[HostCallError] = HostCallError) -> T:
    try:
        return await call()
    except grpc.RpcError as error:
        raise from_rpc_error(error, kind) from error


class EventSink:
    """Publishes events with the plugin as actor, outside a handler's return value."""

    def __init__(self, stub: host_service_pb2_grpc.PluginHostServiceStub, metadata: Metadata) -> None:
        self._stub, self._metadata = stub, metadata

    async def emit(self, stream: str, type: str, payload: str | dict[str, Any] = "{}") -> str:
        """Publishes one event; returns the id the host assigned. Raises HostCallError."""
        return (await self.emit_all([(stream, type, payload)]))[0]

    async def emit_all(self, events: Sequence[tuple[str, str, str | dict[str, Any]]]) -> list[str]:
        """Publishes in order; the first refused event stops the batch."""
        request = host_service_pb2.EmitEventRequest(
            events=[
                event_pb2.EmitEvent(stream=s, type=t, payload=p if isinstance(p, str) else json.dumps(p))
                for s, t, p in events
            ]
        )
        reply = await _guard(lambda: self._stub.EmitEvent(request, metadata=self._metadata))
        return list(reply.event_ids)


class FocusClient:
    """Drives server-owned session focus; failures raise FocusError with the focus codes (docs/focus.md)."""

    def __init__(self, stub: host_service_pb2_grpc.PluginHostServiceStub, metadata: Metadata) -> None:
        self._stub, self._metadata = stub, metadata

    async def join_focus(self, session_id: str, target: FocusKey) -> list[str]:
        """Joins; returns the streams the host subscribed the session to."""
        request = host_service_pb2.JoinFocusRequest(session_id=session_id, target=target.to_proto())
        reply = await _guard(lambda: self._stub.JoinFocus(request, metadata=self._metadata), FocusError)
        return list(reply.streams)

    async def leave_focus(self, session_id: str, target: FocusKey) -> bool:
        """Leaves (idempotent); returns False when the session was not a member."""
        request = host_service_pb2.LeaveFocusRequest(session_id=session_id, target=target.to_proto())
        reply = await _guard(lambda: self._stub.LeaveFocus(request, metadata=self._metadata), FocusError)
        return bool(reply.was_member)

    async def present_focus(self, session_id: str, target: FocusKey) -> None:
        """Sets the presenting focus; the session must already be a member."""
        request = host_service_pb2.PresentFocusRequest(session_id=session_id, target=target.to_proto())
        await _guard(lambda: self._stub.PresentFocus(request, metadata=self._metadata), FocusError)

    async def query_stream_history(
        self, stream: str, count: int = 0, not_before_ms: int = 0, cursor: str = ""
    ) -> host_service_pb2.QueryStreamHistoryResponse:
        """Reads a stream's tail, oldest first (count 0 = 50, clamped at 500)."""
        request = host_service_pb2.QueryStreamHistoryRequest(
            stream=stream, count=count, not_before_ms=not_before_ms, cursor=cursor
        )
        return await _guard(lambda: self._stub.QueryStreamHistory(request, metadata=self._metadata), FocusError)


class KvClient:
    """The plugin's own key-value store; the host binds the namespace to the plugin's token."""

    def __init__(self, stub: host_service_pb2_grpc.PluginHostServiceStub, metadata: Metadata) -> None:
        self._stub, self._metadata = stub, metadata

    async def get(self, key: str) -> bytes | None:
        reply = await _guard(lambda: self._stub.KvGet(host_service_pb2.KvGetRequest(key=key), metadata=self._metadata))
        return bytes(reply.value) if reply.found else None

    async def get_text(self, key: str) -> str | None:
        value = await self.get(key)
        return None if value is None else value.decode()

    async def set(self, key: str, value: bytes | str) -> None:
        data = value.encode() if isinstance(value, str) else value
        request = host_service_pb2.KvSetRequest(key=key, value=data)
        await _guard(lambda: self._stub.KvSet(request, metadata=self._metadata))

    async def delete(self, key: str) -> bool:
        request = host_service_pb2.KvDeleteRequest(key=key)
        reply = await _guard(lambda: self._stub.KvDelete(request, metadata=self._metadata))
        return bool(reply.deleted)

    async def list(self, prefix: str = "", page_size: int = 0, page_token: str = "") -> tuple[list[KvEntry], str]:
        """One page of keys with the prefix, in key order, and the next page token ("" at the end)."""
        request = host_service_pb2.KvListRequest(prefix=prefix, page_size=page_size, page_token=page_token)
        reply = await _guard(lambda: self._stub.KvList(request, metadata=self._metadata))
        return [KvEntry(e.key, bytes(e.value)) for e in reply.entries], reply.next_page_token
