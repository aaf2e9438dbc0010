from holomush.plugin.v1 import command_pb2 as _command_pb2
from holomush.plugin.v1 import config_pb2 as _config_pb2
from holomush.plugin.v1 import event_pb2 as _event_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class InitRequest(_message.Message):
    __slots__ = ("config",)
    CONFIG_FIELD_NUMBER: _ClassVar[int]
    config: _config_pb2.ServiceConfig
    def __init__(self, config: _Optional[_Union[_config_pb2.ServiceConfig, _Mapping]] = ...) -> None: ...

class InitResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HandleEventRequest(_message.Message):
    __slots__ = ("event", "cancellable", "deadline_ms")
    EVENT_FIELD_NUMBER: _ClassVar[int]
    CANCELLABLE_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_MS_FIELD_NUMBER: _ClassVar[int]
    event: _event_pb2.Event
    cancellable: bool
    deadline_ms: int
    def __init__(self, event: _Optional[_Union[_event_pb2.Event, _Mapping]] = ..., cancellable: _Optional[bool] = ..., deadline_ms: _Optional[int] = ...) -> None: ...

class EventResult(_message.Message):
    __slots__ = ("cancel", "payload", "reason")
    CANCEL_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    cancel: bool
    payload: str
    reason: str
    def __init__(self, cancel: _Optional[bool] = ..., payload: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class HandleEventResponse(_message.Message):
    __slots__ = ("events", "result")
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[_event_pb2.EmitEvent]
    result: EventResult
    def __init__(self, events: _Optional[_Iterable[_Union[_event_pb2.EmitEvent, _Mapping]]] = ..., result: _Optional[_Union[EventResult, _Mapping]] = ...) -> None: ...

class HandleCommandRequest(_message.Message):
    __slots__ = ("request",)
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    request: _command_pb2.CommandRequest
    def __init__(self, request: _Optional[_Union[_command_pb2.CommandRequest, _Mapping]] = ...) -> None: ...

class HandleCommandResponse(_message.Message):
    __slots__ = ("response",)
    RESPONSE_FIELD_NUMBER: _ClassVar[int]
    response: _command_pb2.CommandResponse
    def __init__(self, response: _Optional[_Union[_command_pb2.CommandResponse, _Mapping]] = ...) -> None: ...

class ShutdownRequest(_message.Message):
    __slots__ = ("reason", "grace_ms")
    REASON_FIELD_NUMBER: _ClassVar[int]
    GRACE_MS_FIELD_NUMBER: _ClassVar[int]
    reason: str
    grace_ms: int
    def __init__(self, reason: _Optional[str] = ..., grace_ms: _Optional[int] = ...) -> None: ...

class ShutdownResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
