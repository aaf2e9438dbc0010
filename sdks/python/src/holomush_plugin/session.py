"""One connection to the host, plugin side: PluginHello, HostHello, then HostCalls
answered each in its own task, CancelCall honoured and Pings answered, until
Shutdown or until the host goes away. Everything rides one grpc.aio channel
(one HTTP/2 connection on the unix socket)."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import grpc

from holomush.plugin.v1 import (
    config_pb2,
    host_service_pb2_grpc,
    plugin_service_pb2,
    stream_pb2,
)

from .broker import Broker
from .clients import EventSink, FocusClient, KvClient
from .errors import HostCallError, from_rpc_error
from .host_calls import HOST_REQUESTS_CAPABILITY, HostCalls, StreamHostCalls, UnaryHostCalls
from .services import ServiceRegistry
from .types import CommandRequest, CommandResponse, EmitEvent, Event, EventOutcome


@dataclass
class InitContext:
    """Handed to ``init`` beside the ServiceConfig."""

    broker: Broker
    event_sink: EventSink
    focus_client: FocusClient
    kv: KvClient


@dataclass(frozen=True)
class SessionEnd:
    kind: str
    """"shutdown", "refused" (the hello was refused) or "lost"."""
    reason: str = ""
    refusal: HostCallError | None = None


async def _maybe_await(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


class Session:
    def __init__(self, channel: grpc.aio.Channel, token: str, handler: Any, unary_host_calls: bool = False) -> None:
        # An inherited connection needs no token: the connection is the identity.
        self._metadata: tuple[tuple[str, str], ...] = (("authorization", f"Bearer {token}"),) if token else ()
        self._channel = channel
        self._handler = handler
        stub = host_service_pb2_grpc.PluginHostServiceStub(channel)  # type: ignore[no-untyped-call]
        self._stub = stub
        self._unary_host_calls = unary_host_calls
        self._stream_calls: StreamHostCalls | None = None
        self._use(UnaryHostCalls(stub, self._metadata))
        self.broker = Broker(channel, self._metadata)
        self._in_flight: dict[int, asyncio.Task[None]] = {}
        self._shutdown_reason: str | None = None
        self._call: Any = None
        self._send_lock = asyncio.Lock()
        self.registry = ServiceRegistry()
        if hasattr(handler, "register_services"):
            handler.register_services(self.registry)

    def _use(self, calls: HostCalls) -> None:
        """Builds the clients handed out at Init over ``calls``."""
        self.event_sink = EventSink(calls)
        self.focus_client = FocusClient(calls)
        self.kv = KvClient(calls)

    async def _send(self, frame: stream_pb2.ConnectRequest) -> None:
        async with self._send_lock:
            try:
                await self._call.write(frame)
            except (grpc.RpcError, asyncio.InvalidStateError):
                pass  # the stream is gone; the read loop reports why

    async def run(
        self, name: str, version: str, api_versions: Sequence[str], commands: Sequence[str]
    ) -> SessionEnd:
        self._call = self._stub.Connect(metadata=self._metadata)
        hello = stream_pb2.PluginHello(
            plugin_id=name,
            name=name,
            version=version,
            api_versions=list(api_versions),
            commands=list(commands),
            provided_services=self.registry.names,
        )
        await self._send(stream_pb2.ConnectRequest(hello=hello))
        greeted = False
        error: grpc.RpcError | None = None
        try:
            while True:
                frame = await self._call.read()
                if frame is grpc.aio.EOF:
                    break
                which = frame.WhichOneof("frame")
                if not greeted:
                    greeted = which == "hello"
                    offered = greeted and HOST_REQUESTS_CAPABILITY in frame.hello.capabilities
                    if offered and not self._unary_host_calls:
                        # Before Init hands the clients out: every host call rides the stream from here on.
                        self._stream_calls = StreamHostCalls(self._send)
                        self._use(self._stream_calls)
                elif which == "host_response":
                    if self._stream_calls is not None:
                        self._stream_calls.receive(frame.host_response)
                elif which == "call":
                    task = asyncio.create_task(self._dispatch(frame.call))
                    self._in_flight[frame.call.call_id] = task
                elif which == "cancel":
                    cancelled = self._in_flight.pop(frame.cancel.call_id, None)
                    if cancelled is not None:
                        cancelled.cancel()
                elif which == "ping":
                    await self._send(stream_pb2.ConnectRequest(pong=stream_pb2.Pong(nonce=frame.ping.nonce)))
        except grpc.RpcError as rpc_error:
            error = rpc_error
        finally:
            for task in list(self._in_flight.values()):
                task.cancel()
            if self._stream_calls is not None:
                # Host calls in flight fail with HOST_CONNECTION_LOST instead of waiting forever.
                self._stream_calls.close(str(error) if error is not None else "the stream ended")
        if self._shutdown_reason is not None:
            return SessionEnd("shutdown", self._shutdown_reason)
        if error is None:
            return SessionEnd("lost", "the host closed the stream")
        host_error = from_rpc_error(error)
        if not greeted:
            return SessionEnd("refused", refusal=host_error)
        return SessionEnd("lost", str(host_error))

    async def _dispatch(self, call: stream_pb2.HostCall) -> None:
        reply = stream_pb2.PluginReply(call_id=call.call_id)
        try:
            await self._answer(call, reply)
        except asyncio.CancelledError:
            return  # the host gave up on this call
        except Exception as error:  # a handler's failure is the host's to report
            code = "INIT_FAILED" if call.WhichOneof("call") == "init" else "HANDLER_ERROR"
            reply.error.CopyFrom(stream_pb2.PluginError(code=code, message=str(error) or type(error).__name__))
        if self._in_flight.pop(call.call_id, None) is None:
            return  # cancelled meanwhile
        await self._send(stream_pb2.ConnectRequest(reply=reply))
        if call.WhichOneof("call") == "shutdown":
            async with self._send_lock:
                await self._call.done_writing()

    async def _answer(self, call: stream_pb2.HostCall, reply: stream_pb2.PluginReply) -> None:
        which = call.WhichOneof("call")
        handler = self._handler
        if which == "init":
            await self._init(call.init.config)
            reply.init.SetInParent()
        elif which == "event":
            returned = (
                await _maybe_await(handler.handle_event(Event.from_proto(call.event.event)))
                if hasattr(handler, "handle_event")
                else None
            )
            outcome = returned if isinstance(returned, EventOutcome) else EventOutcome(list(returned or []))
            response = plugin_service_pb2.HandleEventResponse(
                events=[e.to_proto() for e in outcome.events if isinstance(e, EmitEvent)]
            )
            if outcome.result is not None and call.event.cancellable:
                response.result.CopyFrom(outcome.result.to_proto())
            reply.event.CopyFrom(response)
        elif which == "command":
            request = CommandRequest.from_proto(call.command.request)
            if not hasattr(handler, "handle_command"):
                raise RuntimeError(f"this plugin has no handle_command for {request.command}")
            result: CommandResponse = await _maybe_await(handler.handle_command(request))
            reply.command.response.CopyFrom(result.to_proto())
        elif which == "shutdown":
            self._shutdown_reason = call.shutdown.reason or "shutdown"
            if hasattr(handler, "shutdown"):
                await _maybe_await(handler.shutdown(self._shutdown_reason))
            reply.shutdown.SetInParent()
        elif which == "service":
            reply.service.CopyFrom(await self.registry.call(call.service))
        else:
            raise RuntimeError(f"unknown host call {which}")

    async def _init(self, config: config_pb2.ServiceConfig) -> None:
        handler = self._handler
        for setter, value in (
            ("set_event_sink", self.event_sink),
            ("set_focus_client", self.focus_client),
            ("set_kv_client", self.kv),
            ("set_broker", self.broker),
        ):
            if hasattr(handler, setter):
                getattr(handler, setter)(value)
        if hasattr(handler, "init"):
            context = InitContext(self.broker, self.event_sink, self.focus_client, self.kv)
            await _maybe_await(handler.init(config, context))


