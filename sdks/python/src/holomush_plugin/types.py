"""Events and commands as plain dataclasses, and the command response helpers."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from holomush.plugin.v1 import command_pb2, event_pb2, plugin_service_pb2

MAX_OUTPUT_BYTES = 8192


class ActorKind(IntEnum):
    """Who caused an event (the proto numbering)."""

    UNSPECIFIED = 0
    CHARACTER = 1
    SYSTEM = 2
    PLUGIN = 3


class CommandStatus(IntEnum):
    """A command's outcome category (the proto numbering)."""

    OK = 1
    ERROR = 2
    """The player's fault: bad input, not found, not permitted."""
    FAILURE = 3
    """The service degraded; the player may try again later."""
    FATAL = 4


@dataclass(frozen=True)
class Event:
    """One published fact delivered to the plugin (payload shapes: docs/events.md)."""

    id: str
    stream: str
    type: str
    timestamp: int
    actor_kind: ActorKind
    actor_id: str
    payload: str

    def json(self) -> Any:
        """The payload decoded ({} when empty)."""
        return json.loads(self.payload or "{}")

    @classmethod
    def from_proto(cls, event: event_pb2.Event) -> Event:
        return cls(
            id=event.id,
            stream=event.stream,
            type=event.type,
            timestamp=event.timestamp,
            actor_kind=ActorKind(event.actor_kind),
            actor_id=event.actor_id,
            payload=event.payload,
        )


@dataclass(frozen=True)
class EmitEvent:
    """An event to publish; the host sets its id, time and actor."""

    stream: str
    type: str
    payload: str | dict[str, Any] = "{}"

    def to_proto(self) -> event_pb2.EmitEvent:
        payload = self.payload if isinstance(self.payload, str) else json.dumps(self.payload)
        return event_pb2.EmitEvent(stream=self.stream, type=self.type, payload=payload)


@dataclass(frozen=True)
class EventResult:
    """Influences a cancellable (intercepted) event: cancel it, or replace its payload."""

    cancel: bool = False
    payload: str | None = None
    reason: str = ""

    def to_proto(self) -> plugin_service_pb2.EventResult:
        result = plugin_service_pb2.EventResult(cancel=self.cancel, reason=self.reason)
        if self.payload is not None:
            result.payload = self.payload
        return result


@dataclass(frozen=True)
class EventOutcome:
    """What handle_event may return instead of a list: events, and for cancellable events a result."""

    events: list[EmitEvent] = field(default_factory=list)
    result: EventResult | None = None


@dataclass(frozen=True)
class CommandRequest:
    """A command invocation with the invoking character's context."""

    command: str
    args: str
    character_id: str
    character_name: str
    location_id: str
    session_id: str
    player_id: str
    invoked_as: str

    @classmethod
    def from_proto(cls, request: command_pb2.CommandRequest) -> CommandRequest:
        return cls(
            command=request.command,
            args=request.args,
            character_id=request.character_id,
            character_name=request.character_name,
            location_id=request.location_id,
            session_id=request.session_id,
            player_id=request.player_id,
            invoked_as=request.invoked_as,
        )


@dataclass(frozen=True)
class CommandResponse:
    """A command's outcome; build it with ok / errorf / failuref."""

    status: CommandStatus
    output: str = ""
    events: list[EmitEvent] = field(default_factory=list)

    def __post_init__(self) -> None:
        if len(self.output.encode()) > MAX_OUTPUT_BYTES:
            raise ValueError(f"command output exceeds {MAX_OUTPUT_BYTES} bytes")

    def to_proto(self) -> command_pb2.CommandResponse:
        return command_pb2.CommandResponse(
            status=int(self.status),  # type: ignore[arg-type]
            output=self.output,
            events=[event.to_proto() for event in self.events],
        )


def ok(output: str = "", *events: EmitEvent) -> CommandResponse:
    """A successful command."""
    return CommandResponse(CommandStatus.OK, output, list(events))


def errorf(template: str, *args: object) -> CommandResponse:
    """A command that failed through the player's fault (``%``-formatted)."""
    return CommandResponse(CommandStatus.ERROR, template % args if args else template)


def failuref(template: str, *args: object) -> CommandResponse:
    """A command that failed because a service degraded (``%``-formatted)."""
    return CommandResponse(CommandStatus.FAILURE, template % args if args else template)
