"""EventSink, FocusClient and KvClient: PluginHostService over the plugin's stream or its channel."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, TypeVar

from holomush.plugin.v1 import event_pb2, focus_pb2, host_service_pb2

from .errors import FocusError, HostCallError
from .host_calls import HostCalls

T = TypeVar("T")


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


async def _focus(call: Callable[[], Awaitable[T]]) -> T:
    try:
        return await call()
    except FocusError:
        raise
    except HostCallError as error:
        raise FocusError(error.code, error.message, error.status, error.details) from error


class EventSink:
    """Publishes events with the plugin as actor, outside a handler's return value."""

    def __init__(self, calls: HostCalls) -> None:
        self._calls = calls

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
        reply = await self._calls.call("EmitEvent", request, host_service_pb2.EmitEventResponse)
        return list(reply.event_ids)


class FocusClient:
    """Drives server-owned session focus; failures raise FocusError with the focus codes (docs/focus.md)."""

    def __init__(self, calls: HostCalls) -> None:
        self._calls = calls

    async def join_focus(self, session_id: str, target: FocusKey) -> list[str]:
        """Joins; returns the streams the host subscribed the session to."""
        request = host_service_pb2.JoinFocusRequest(session_id=session_id, target=target.to_proto())
        reply = await _focus(lambda: self._calls.call("JoinFocus", request, host_service_pb2.JoinFocusResponse))
        return list(reply.streams)

    async def leave_focus(self, session_id: str, target: FocusKey) -> bool:
        """Leaves (idempotent); returns False when the session was not a member."""
        request = host_service_pb2.LeaveFocusRequest(session_id=session_id, target=target.to_proto())
        reply = await _focus(lambda: self._calls.call("LeaveFocus", request, host_service_pb2.LeaveFocusResponse))
        return bool(reply.was_member)

    async def present_focus(self, session_id: str, target: FocusKey) -> None:
        """Sets the presenting focus; the session must already be a member."""
        request = host_service_pb2.PresentFocusRequest(session_id=session_id, target=target.to_proto())
        await _focus(lambda: self._calls.call("PresentFocus", request, host_service_pb2.PresentFocusResponse))

    async def query_stream_history(
        self, stream: str, count: int = 0, not_before_ms: int = 0, cursor: str = ""
    ) -> host_service_pb2.QueryStreamHistoryResponse:
        """Reads a stream's tail, oldest first (count 0 = 50, clamped at 500)."""
        request = host_service_pb2.QueryStreamHistoryRequest(
            stream=stream, count=count, not_before_ms=not_before_ms, cursor=cursor
        )
        response_type = host_service_pb2.QueryStreamHistoryResponse
        return await _focus(lambda: self._calls.call("QueryStreamHistory", request, response_type))


class KvClient:
    """The plugin's own key-value store; the host binds the namespace to the plugin's token."""

    def __init__(self, calls: HostCalls) -> None:
        self._calls = calls

    async def get(self, key: str) -> bytes | None:
        request = host_service_pb2.KvGetRequest(key=key)
        reply = await self._calls.call("KvGet", request, host_service_pb2.KvGetResponse)
        return bytes(reply.value) if reply.found else None

    async def get_text(self, key: str) -> str | None:
        value = await self.get(key)
        return None if value is None else value.decode()

    async def set(self, key: str, value: bytes | str) -> None:
        data = value.encode() if isinstance(value, str) else value
        request = host_service_pb2.KvSetRequest(key=key, value=data)
        await self._calls.call("KvSet", request, host_service_pb2.KvSetResponse)

    async def delete(self, key: str) -> bool:
        request = host_service_pb2.KvDeleteRequest(key=key)
        reply = await self._calls.call("KvDelete", request, host_service_pb2.KvDeleteResponse)
        return bool(reply.deleted)

    async def list(self, prefix: str = "", page_size: int = 0, page_token: str = "") -> tuple[list[KvEntry], str]:
        """One page of keys with the prefix, in key order, and the next page token ("" at the end)."""
        request = host_service_pb2.KvListRequest(prefix=prefix, page_size=page_size, page_token=page_token)
        reply = await self._calls.call("KvList", request, host_service_pb2.KvListResponse)
        return [KvEntry(e.key, bytes(e.value)) for e in reply.entries], reply.next_page_token
