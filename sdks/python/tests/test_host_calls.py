"""Host calls over the plugin's stream: correlation by request_id, unknown ids dropped,
coded errors, and HOST_CONNECTION_LOST for every call in flight when the stream closes."""

from __future__ import annotations

import asyncio

import grpc
import pytest

from holomush.plugin.v1 import errors_pb2, host_service_pb2, stream_pb2
from holomush_plugin import HOST_CONNECTION_LOST, HostCallError, KvClient
from holomush_plugin.host_calls import StreamHostCalls


def _client() -> tuple[StreamHostCalls, KvClient, list[stream_pb2.HostRequest]]:
    sent: list[stream_pb2.HostRequest] = []

    async def send(frame: stream_pb2.ConnectRequest) -> None:
        sent.append(frame.host_request)

    calls = StreamHostCalls(send)
    return calls, KvClient(calls), sent


async def _sent(sent: list[stream_pb2.HostRequest], count: int) -> None:
    while len(sent) < count:
        await asyncio.sleep(0)


async def test_calls_are_correlated_and_unknown_ids_dropped() -> None:
    calls, kv, sent = _client()
    first = asyncio.create_task(kv.get("a"))
    second = asyncio.create_task(kv.get("b"))
    await _sent(sent, 2)
    assert [request.method for request in sent] == ["KvGet", "KvGet"]
    assert host_service_pb2.KvGetRequest.FromString(sent[1].message).key == "b"
    assert sent[0].request_id != sent[1].request_id
    calls.receive(stream_pb2.HostResponse(request_id=sent[1].request_id + 100))  # unknown: dropped
    for request, value in ((sent[1], b"2"), (sent[0], b"1")):
        reply = host_service_pb2.KvGetResponse(found=True, value=value)
        calls.receive(stream_pb2.HostResponse(request_id=request.request_id, message=reply.SerializeToString()))
    assert await first == b"1"
    assert await second == b"2"
    assert calls.in_flight == 0


async def test_a_coded_response_raises_the_hosts_code() -> None:
    calls, kv, sent = _client()
    pending = asyncio.create_task(kv.set("", b""))
    await _sent(sent, 1)
    detail = errors_pb2.ErrorDetail(code="KV_KEY_INVALID", message="empty key", metadata={"field": "key"})
    calls.receive(stream_pb2.HostResponse(request_id=sent[0].request_id, code=3, error=detail))
    with pytest.raises(HostCallError) as caught:
        await pending
    assert caught.value.code == "KV_KEY_INVALID"
    assert caught.value.status == grpc.StatusCode.INVALID_ARGUMENT
    assert caught.value.details == {"field": "key"}


async def test_closing_fails_calls_in_flight_and_later_ones() -> None:
    calls, kv, sent = _client()
    pending = asyncio.create_task(kv.delete("k"))
    await _sent(sent, 1)
    calls.close("connection reset")
    with pytest.raises(HostCallError) as caught:
        await pending
    assert caught.value.code == HOST_CONNECTION_LOST
    with pytest.raises(HostCallError) as later:
        await kv.get("later")
    assert later.value.code == HOST_CONNECTION_LOST
    assert len(sent) == 1
