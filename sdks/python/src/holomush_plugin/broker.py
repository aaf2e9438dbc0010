"""Required services (`requires`), reached through the host on the plugin's one channel."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypeVar

import grpc

BROKER_HEADER = "holomush-broker"
_SERVICE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$")
_DIGITS = re.compile(r"^[0-9]+$")

S = TypeVar("S")


class BrokerAddressError(ValueError):
    """A required_services entry a plugin could not dial; ``code`` says why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code


def parse_broker_services(required: Mapping[str, str]) -> dict[str, int]:
    """ServiceConfig.required_services (name -> ``broker:<id>``) as name -> broker id."""
    services: dict[str, int] = {}
    owners: dict[int, str] = {}
    for name in sorted(required):
        address = required[name]
        if not _SERVICE_NAME.match(name):
            raise BrokerAddressError(
                "SERVICE_NAME_INVALID", f"required service name {name!r} is not a fully-qualified proto service name"
            )
        text = address[len("broker:") :] if address.startswith("broker:") else None
        if text is None or not _DIGITS.match(text):
            raise BrokerAddressError(
                "BROKER_ADDRESS_INVALID", f"broker address {address!r} of {name}: expected broker:<id>, e.g. broker:3"
            )
        broker_id = int(text)
        if broker_id in owners:
            raise BrokerAddressError(
                "BROKER_ID_DUPLICATE", f"broker id {broker_id} is given to both {owners[broker_id]} and {name}"
            )
        owners[broker_id] = name
        services[name] = broker_id
    return services


class _BoundStub:
    """A generated stub whose every call carries the token and the broker id."""

    def __init__(self, stub: Any, metadata: tuple[tuple[str, str], ...]) -> None:
        self._stub, self._metadata = stub, metadata

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._stub, name)

        def call(request: Any, **kwargs: Any) -> Any:
            extra = tuple(kwargs.pop("metadata", None) or ())
            return method(request, metadata=self._metadata + extra, **kwargs)

        return call


class Broker:
    """Dials required services: ``world = broker.dial(WorldServiceStub, ids[name])``."""

    def __init__(self, channel: grpc.aio.Channel, token_metadata: tuple[tuple[str, str], ...]) -> None:
        self._channel, self._token_metadata = channel, token_metadata

    def dial(self, stub_class: type[S], broker_id: int) -> S:
        metadata = self._token_metadata + ((BROKER_HEADER, str(broker_id)),)
        return _BoundStub(stub_class(self._channel), metadata)  # type: ignore[call-arg, return-value]
