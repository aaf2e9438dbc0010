"""Services a plugin provides (`provides`): generated gRPC servicers, registered with the
generated ``add_<Service>Servicer_to_server(servicer, registry)``. The host tunnels each call
over the plugin's stream as a ServiceCallRequest; the registry runs it and answers with a
status code in the numbering gRPC and Connect share (0 = OK)."""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Mapping
from typing import Any, NoReturn

import grpc

from holomush.plugin.v1 import stream_pb2


class _Aborted(Exception):
    def __init__(self, code: grpc.StatusCode, details: str) -> None:
        super().__init__(details)
        self.code, self.details = code, details


class TunnelContext:
    """The part of grpc's ServicerContext a servicer uses, for a tunnelled call."""

    def __init__(self, caller: str) -> None:
        self._metadata = (("holomush-caller", caller),) if caller else ()
        self.code: grpc.StatusCode | None = None
        self.details_text = ""

    def invocation_metadata(self) -> tuple[tuple[str, str], ...]:
        return self._metadata

    def abort(self, code: grpc.StatusCode, details: str = "") -> NoReturn:
        raise _Aborted(code, details)

    def set_code(self, code: grpc.StatusCode) -> None:
        self.code = code

    def set_details(self, details: str) -> None:
        self.details_text = details


class ServiceRegistry:
    """Hand this to ``add_<Service>Servicer_to_server`` in ``register_services``."""

    def __init__(self) -> None:
        self._services: dict[str, dict[str, Any]] = {}

    def add_generic_rpc_handlers(self, handlers: Iterable[Any]) -> None:
        """Ignored: the same methods arrive through add_registered_method_handlers."""

    def add_registered_method_handlers(self, service: str, handlers: Mapping[str, Any]) -> None:
        self._services[service] = dict(handlers)

    @property
    def names(self) -> list[str]:
        return list(self._services)

    async def call(self, request: stream_pb2.ServiceCallRequest) -> stream_pb2.ServiceCallResponse:
        handler = self._services.get(request.service, {}).get(request.method)
        if handler is None or handler.unary_unary is None:
            return _failed(grpc.StatusCode.UNIMPLEMENTED, f"{request.service}/{request.method} is not served")
        context = TunnelContext(request.caller)
        try:
            message = handler.request_deserializer(request.message)
            result = handler.unary_unary(message, context)
            if inspect.isawaitable(result):
                result = await result
        except _Aborted as aborted:
            return _failed(aborted.code, aborted.details)
        except Exception as error:  # the servicer's bug is the caller's INTERNAL, not the plugin's crash
            if context.code not in (None, grpc.StatusCode.OK):  # e.g. the generated UNIMPLEMENTED stubs
                return _failed(context.code, context.details_text)
            return _failed(grpc.StatusCode.INTERNAL, str(error) or type(error).__name__)
        if context.code not in (None, grpc.StatusCode.OK):
            return _failed(context.code, context.details_text)
        return stream_pb2.ServiceCallResponse(message=handler.response_serializer(result))


def _failed(code: grpc.StatusCode, message: str) -> stream_pb2.ServiceCallResponse:
    number: int = code.value[0]
    return stream_pb2.ServiceCallResponse(code=number, error_message=message)
