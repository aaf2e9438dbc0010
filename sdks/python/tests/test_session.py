"""The SDK against a grpc.aio PluginHostService on a real unix socket: handshake, calls,
Ping, Shutdown, the token on every call, coded errors, a refused hello."""

from __future__ import annotations

import asyncio
import os
import socket
import tempfile
from collections.abc import AsyncIterator
from typing import Any

import grpc
import pytest
from google.protobuf import any_pb2
from google.rpc import status_pb2

from holomush.plugin.v1 import (
    command_pb2,
    config_pb2,
    errors_pb2,
    event_pb2,
    host_service_pb2,
    host_service_pb2_grpc,
    plugin_service_pb2,
    stream_pb2,
)
from holomush_plugin import (
    FOCUS_ALREADY_MEMBER,
    CommandRequest,
    CommandResponse,
    EmitEvent,
    Event,
    EventOutcome,
    EventResult,
    EventSink,
    FocusClient,
    FocusError,
    FocusKey,
    FocusKind,
    KvClient,
    failuref,
    ok,
    run,
)

TOKEN = "secret-token"


def _coded_abort_metadata(code: str, message: str, status: int) -> tuple[tuple[str, bytes], ...]:
    detail = any_pb2.Any()
    detail.Pack(errors_pb2.ErrorDetail(code=code, message=message))
    rich = status_pb2.Status(code=status, message=message, details=[detail])
    return (("grpc-status-details-bin", rich.SerializeToString()),)


class FakeHost(host_service_pb2_grpc.PluginHostServiceServicer):
    def __init__(self, script: list[stream_pb2.HostCall], refuse: bool = False) -> None:
        self.script = script
        self.refuse = refuse
        self.hello: stream_pb2.PluginHello | None = None
        self.replies: list[stream_pb2.PluginReply] = []
        self.emitted: list[host_service_pb2.EmitEventRequest] = []
        self.pong: int | None = None

    token = TOKEN

    def _check(self, context: Any) -> None:
        if self.token and dict(context.invocation_metadata()).get("authorization") != f"Bearer {self.token}":
            raise AssertionError("call without the bearer token")

    async def Connect(self, request_iterator: AsyncIterator[stream_pb2.ConnectRequest], context: Any) -> Any:  # noqa: N802
        self._check(context)
        frames = request_iterator.__aiter__()
        first = await frames.__anext__()
        self.hello = first.hello
        if self.refuse:
            await context.abort(
                grpc.StatusCode.FAILED_PRECONDITION,
                "no common api version",
                trailing_metadata=_coded_abort_metadata("API_VERSION_UNSUPPORTED", "no common api version", 9),
            )
        yield stream_pb2.ConnectResponse(hello=stream_pb2.HostHello(api_version="v1", plugin_name=first.hello.name))
        for call in self.script:
            yield stream_pb2.ConnectResponse(call=call)
            while True:
                frame = await frames.__anext__()
                if frame.WhichOneof("frame") == "reply":
                    self.replies.append(frame.reply)
                    break
            if call.WhichOneof("call") == "event":
                yield stream_pb2.ConnectResponse(ping=stream_pb2.Ping(nonce=42))
                self.pong = (await frames.__anext__()).pong.nonce

    async def EmitEvent(self, request: host_service_pb2.EmitEventRequest, context: Any) -> Any:  # noqa: N802
        self._check(context)
        self.emitted.append(request)
        return host_service_pb2.EmitEventResponse(event_ids=["01EVENT"])

    async def JoinFocus(self, request: host_service_pb2.JoinFocusRequest, context: Any) -> Any:  # noqa: N802
        self._check(context)
        await context.abort(
            grpc.StatusCode.ALREADY_EXISTS,
            "already in s1",
            trailing_metadata=_coded_abort_metadata(FOCUS_ALREADY_MEMBER, "already in s1", 6),
        )


class Probe:
    sink: EventSink
    focus: FocusClient
    initialized = False

    def set_event_sink(self, sink: EventSink) -> None:
        self.sink = sink

    def set_focus_client(self, client: FocusClient) -> None:
        self.focus = client

    def init(self, config: config_pb2.ServiceConfig, context: Any) -> None:
        self.initialized = config.plugin_name == "probe"

    async def handle_event(self, event: Event) -> list[EmitEvent] | EventOutcome:
        if event.id == "01B":  # the intercepted one: lowercase it
            return EventOutcome(result=EventResult(payload=event.payload.lower(), reason="lowercased"))
        await self.sink.emit("test:x", "seen", event.payload)
        return [EmitEvent(event.stream, "echo", event.payload)]

    async def handle_command(self, request: CommandRequest) -> CommandResponse:
        try:
            await self.focus.join_focus(request.session_id, FocusKey(FocusKind.SCENE, "s1"))
        except FocusError as error:
            if error.code == FOCUS_ALREADY_MEMBER:
                return failuref("already: %s", request.args)
        return ok("joined")


async def _serve(host: FakeHost) -> tuple[grpc.aio.Server, dict[str, str]]:
    socket = os.path.join(tempfile.mkdtemp(), "host.sock")
    server = grpc.aio.server()
    host_service_pb2_grpc.add_PluginHostServiceServicer_to_server(host, server)
    server.add_insecure_port(f"unix:{socket}")
    await server.start()
    env = {
        "HOLOMUSH_HOST_ADDRESS": f"unix:{socket}",
        "HOLOMUSH_PLUGIN_NAME": "probe",
        "HOLOMUSH_PLUGIN_VERSION": "1.2.3",
        "HOLOMUSH_PLUGIN_TOKEN": TOKEN,
    }
    return server, env


async def test_session_handshake_calls_and_shutdown() -> None:
    script = [
        stream_pb2.HostCall(call_id=1, init=plugin_service_pb2.InitRequest(config=config_pb2.ServiceConfig(plugin_name="probe"))),
        stream_pb2.HostCall(
            call_id=2,
            event=plugin_service_pb2.HandleEventRequest(
                event=event_pb2.Event(id="01A", stream="location:r1", type="say", payload='{"message":"hi"}')
            ),
        ),
        stream_pb2.HostCall(
            call_id=5,
            event=plugin_service_pb2.HandleEventRequest(
                cancellable=True,
                event=event_pb2.Event(id="01B", stream="location:r1", type="say", payload='{"message":"HI"}'),
            ),
        ),
        stream_pb2.HostCall(
            call_id=3,
            command=plugin_service_pb2.HandleCommandRequest(
                request=command_pb2.CommandRequest(command="probe", args="x", session_id="S1")
            ),
        ),
        stream_pb2.HostCall(call_id=4, shutdown=plugin_service_pb2.ShutdownRequest(reason="test over")),
    ]
    host = FakeHost(script)
    server, env = await _serve(host)
    probe = Probe()
    try:
        end = await asyncio.wait_for(run(probe, commands=["probe"], env=env), 10)
    finally:
        await server.stop(None)
    assert (end.kind, end.reason) == ("shutdown", "test over")
    assert host.hello is not None
    assert (host.hello.name, host.hello.version, list(host.hello.api_versions), list(host.hello.commands)) == (
        "probe",
        "1.2.3",
        ["v1"],
        ["probe"],
    )
    init, event, intercepted, command, shutdown = host.replies
    assert intercepted.event.result.payload == '{"message":"hi"}' and intercepted.event.result.reason == "lowercased"
    assert init.HasField("init") and probe.initialized
    assert [(e.stream, e.type, e.payload) for e in event.event.events] == [("location:r1", "echo", '{"message":"hi"}')]
    assert host.emitted[0].events[0].stream == "test:x"
    assert host.pong == 42
    assert (command.command.response.status, command.command.response.output) == (3, "already: x")
    assert shutdown.HasField("shutdown")


async def test_a_refused_hello_reports_the_host_code() -> None:
    host = FakeHost([], refuse=True)
    server, env = await _serve(host)
    try:
        end = await asyncio.wait_for(run(Probe(), api_versions=["v9"], env=env), 10)
    finally:
        await server.stop(None)
    assert host.hello is not None and list(host.hello.api_versions) == ["v9"]
    assert end.kind == "refused" and end.refusal is not None
    assert end.refusal.code == "API_VERSION_UNSUPPORTED"


@pytest.mark.parametrize("token", ["wrong"])
async def test_a_wrong_token_is_refused(token: str) -> None:
    host = FakeHost([])
    server, env = await _serve(host)
    try:
        end = await asyncio.wait_for(run(Probe(), env={**env, "HOLOMUSH_PLUGIN_TOKEN": token}), 10)
    finally:
        await server.stop(None)
    assert end.kind == "refused" and host.hello is None


async def test_a_spawned_plugin_speaks_over_its_inherited_connection() -> None:
    """HOLOMUSH_HOST_FD: one end of a socket pair, no token; the other end is bridged to the host."""
    script = [stream_pb2.HostCall(call_id=1, shutdown=plugin_service_pb2.ShutdownRequest(reason="done"))]
    host = FakeHost(script)
    host.token = ""
    server, env = await _serve(host)
    plugin_end, host_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    host_socket = env["HOLOMUSH_HOST_ADDRESS"][len("unix:") :]
    server_reader, server_writer = await asyncio.open_unix_connection(host_socket)
    pair_reader, pair_writer = await asyncio.open_unix_connection(sock=host_end)

    async def pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
        writer.close()

    bridge = asyncio.gather(pump(pair_reader, server_writer), pump(server_reader, pair_writer))
    spawned = {"HOLOMUSH_HOST_FD": str(plugin_end.detach()), "HOLOMUSH_PLUGIN_NAME": "probe", "HOLOMUSH_PLUGIN_VERSION": "1.2.3"}
    try:
        end = await asyncio.wait_for(run(Probe(), env=spawned), 10)
    finally:
        await server.stop(None)
        bridge.cancel()
    assert host.hello is not None and host.hello.name == "probe"
    assert (end.kind, end.reason) == ("shutdown", "done")


class StreamCallsHost(FakeHost):
    """Offers "host-requests" and answers KvGet and JoinFocus as HostResponse frames on the stream;
    it has no unary KvGet (the base servicer's would be UNIMPLEMENTED)."""

    async def Connect(self, request_iterator: AsyncIterator[stream_pb2.ConnectRequest], context: Any) -> Any:  # noqa: N802
        self._check(context)
        frames = request_iterator.__aiter__()
        first = await frames.__anext__()
        self.hello = first.hello
        hello = stream_pb2.HostHello(api_version="v1", plugin_name=first.hello.name, capabilities=["host-requests"])
        yield stream_pb2.ConnectResponse(hello=hello)
        for call in self.script:
            yield stream_pb2.ConnectResponse(call=call)
            while True:
                frame = await frames.__anext__()
                which = frame.WhichOneof("frame")
                if which == "reply":
                    self.replies.append(frame.reply)
                    break
                if which != "host_request":
                    continue
                request = frame.host_request
                # An answer to no request first: dropped by the SDK.
                yield stream_pb2.ConnectResponse(host_response=stream_pb2.HostResponse(request_id=999))
                if request.method == "KvGet":
                    key = host_service_pb2.KvGetRequest.FromString(request.message).key
                    reply = host_service_pb2.KvGetResponse(value=f"v:{key}".encode(), found=True)
                    answer = stream_pb2.HostResponse(request_id=request.request_id, message=reply.SerializeToString())
                else:
                    detail = errors_pb2.ErrorDetail(code=FOCUS_ALREADY_MEMBER, message="already in s1")
                    answer = stream_pb2.HostResponse(request_id=request.request_id, code=6, error=detail)
                yield stream_pb2.ConnectResponse(host_response=answer)


class KvProbe(Probe):
    kv: KvClient

    def set_kv_client(self, kv: KvClient) -> None:
        self.kv = kv

    async def handle_command(self, request: CommandRequest) -> CommandResponse:
        if request.args == "focus":
            return await super().handle_command(request)
        return ok(await self.kv.get_text(request.args) or "<none>")


async def test_host_calls_ride_the_stream_when_offered() -> None:
    def command(call_id: int, args: str) -> stream_pb2.HostCall:
        request = command_pb2.CommandRequest(command="probe", args=args, session_id="S1")
        return stream_pb2.HostCall(call_id=call_id, command=plugin_service_pb2.HandleCommandRequest(request=request))

    script = [
        stream_pb2.HostCall(call_id=1, init=plugin_service_pb2.InitRequest(config=config_pb2.ServiceConfig())),
        command(2, "here"),
        command(3, "focus"),
        stream_pb2.HostCall(call_id=4, shutdown=plugin_service_pb2.ShutdownRequest(reason="test over")),
    ]
    host = StreamCallsHost(script)
    server, env = await _serve(host)
    try:
        end = await asyncio.wait_for(run(KvProbe(), commands=["probe"], env=env), 10)
    finally:
        await server.stop(None)
    assert end.kind == "shutdown"
    _, kv_reply, focus_reply, _ = host.replies
    assert kv_reply.command.response.output == "v:here"
    # A coded HostResponse to a focus call is a FocusError with the host's code, as the unary path gives.
    assert focus_reply.command.response.output == "already: focus"
