from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ActorKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ACTOR_KIND_UNSPECIFIED: _ClassVar[ActorKind]
    ACTOR_KIND_CHARACTER: _ClassVar[ActorKind]
    ACTOR_KIND_SYSTEM: _ClassVar[ActorKind]
    ACTOR_KIND_PLUGIN: _ClassVar[ActorKind]
ACTOR_KIND_UNSPECIFIED: ActorKind
ACTOR_KIND_CHARACTER: ActorKind
ACTOR_KIND_SYSTEM: ActorKind
ACTOR_KIND_PLUGIN: ActorKind

class Event(_message.Message):
    __slots__ = ("id", "stream", "type", "timestamp", "actor_kind", "actor_id", "payload")
    ID_FIELD_NUMBER: _ClassVar[int]
    STREAM_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    ACTOR_KIND_FIELD_NUMBER: _ClassVar[int]
    ACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_FIELD_NUMBER: _ClassVar[int]
    id: str
    stream: str
    type: str
    timestamp: int
    actor_kind: ActorKind
    actor_id: str
    payload: str
    def __init__(self, id: _Optional[str] = ..., stream: _Optional[str] = ..., type: _Optional[str] = ..., timestamp: _Optional[int] = ..., actor_kind: _Optional[_Union[ActorKind, str]] = ..., actor_id: _Optional[str] = ..., payload: _Optional[str] = ...) -> None: ...

class EmitEvent(_message.Message):
    __slots__ = ("stream", "type", "payload")
    STREAM_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_FIELD_NUMBER: _ClassVar[int]
    stream: str
    type: str
    payload: str
    def __init__(self, stream: _Optional[str] = ..., type: _Optional[str] = ..., payload: _Optional[str] = ...) -> None: ...
