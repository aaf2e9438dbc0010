from holomush.plugin.v1 import event_pb2 as _event_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CommandStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    COMMAND_STATUS_UNSPECIFIED: _ClassVar[CommandStatus]
    COMMAND_STATUS_OK: _ClassVar[CommandStatus]
    COMMAND_STATUS_ERROR: _ClassVar[CommandStatus]
    COMMAND_STATUS_FAILURE: _ClassVar[CommandStatus]
    COMMAND_STATUS_FATAL: _ClassVar[CommandStatus]
COMMAND_STATUS_UNSPECIFIED: CommandStatus
COMMAND_STATUS_OK: CommandStatus
COMMAND_STATUS_ERROR: CommandStatus
COMMAND_STATUS_FAILURE: CommandStatus
COMMAND_STATUS_FATAL: CommandStatus

class CommandRequest(_message.Message):
    __slots__ = ("command", "args", "character_id", "character_name", "location_id", "session_id", "player_id", "invoked_as")
    COMMAND_FIELD_NUMBER: _ClassVar[int]
    ARGS_FIELD_NUMBER: _ClassVar[int]
    CHARACTER_ID_FIELD_NUMBER: _ClassVar[int]
    CHARACTER_NAME_FIELD_NUMBER: _ClassVar[int]
    LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    PLAYER_ID_FIELD_NUMBER: _ClassVar[int]
    INVOKED_AS_FIELD_NUMBER: _ClassVar[int]
    command: str
    args: str
    character_id: str
    character_name: str
    location_id: str
    session_id: str
    player_id: str
    invoked_as: str
    def __init__(self, command: _Optional[str] = ..., args: _Optional[str] = ..., character_id: _Optional[str] = ..., character_name: _Optional[str] = ..., location_id: _Optional[str] = ..., session_id: _Optional[str] = ..., player_id: _Optional[str] = ..., invoked_as: _Optional[str] = ...) -> None: ...

class CommandResponse(_message.Message):
    __slots__ = ("status", "output", "events")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    status: CommandStatus
    output: str
    events: _containers.RepeatedCompositeFieldContainer[_event_pb2.EmitEvent]
    def __init__(self, status: _Optional[_Union[CommandStatus, str]] = ..., output: _Optional[str] = ..., events: _Optional[_Iterable[_Union[_event_pb2.EmitEvent, _Mapping]]] = ...) -> None: ...
