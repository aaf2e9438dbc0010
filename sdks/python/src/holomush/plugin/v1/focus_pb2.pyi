from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class FocusKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FOCUS_KIND_UNSPECIFIED: _ClassVar[FocusKind]
    FOCUS_KIND_SCENE: _ClassVar[FocusKind]
FOCUS_KIND_UNSPECIFIED: FocusKind
FOCUS_KIND_SCENE: FocusKind

class FocusKey(_message.Message):
    __slots__ = ("kind", "target_id")
    KIND_FIELD_NUMBER: _ClassVar[int]
    TARGET_ID_FIELD_NUMBER: _ClassVar[int]
    kind: FocusKind
    target_id: str
    def __init__(self, kind: _Optional[_Union[FocusKind, str]] = ..., target_id: _Optional[str] = ...) -> None: ...
