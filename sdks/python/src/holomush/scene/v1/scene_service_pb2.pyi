from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SceneState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SCENE_STATE_UNSPECIFIED: _ClassVar[SceneState]
    SCENE_STATE_ACTIVE: _ClassVar[SceneState]
    SCENE_STATE_CLOSED: _ClassVar[SceneState]
SCENE_STATE_UNSPECIFIED: SceneState
SCENE_STATE_ACTIVE: SceneState
SCENE_STATE_CLOSED: SceneState

class Scene(_message.Message):
    __slots__ = ("id", "title", "owner_id", "location_id", "state", "participant_ids", "created_at", "tags")
    ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANT_IDS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    id: str
    title: str
    owner_id: str
    location_id: str
    state: SceneState
    participant_ids: _containers.RepeatedScalarFieldContainer[str]
    created_at: int
    tags: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., title: _Optional[str] = ..., owner_id: _Optional[str] = ..., location_id: _Optional[str] = ..., state: _Optional[_Union[SceneState, str]] = ..., participant_ids: _Optional[_Iterable[str]] = ..., created_at: _Optional[int] = ..., tags: _Optional[_Iterable[str]] = ...) -> None: ...

class CreateSceneRequest(_message.Message):
    __slots__ = ("character_id", "title", "location_id", "tags")
    CHARACTER_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    character_id: str
    title: str
    location_id: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, character_id: _Optional[str] = ..., title: _Optional[str] = ..., location_id: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ...) -> None: ...

class CreateSceneResponse(_message.Message):
    __slots__ = ("scene",)
    SCENE_FIELD_NUMBER: _ClassVar[int]
    scene: Scene
    def __init__(self, scene: _Optional[_Union[Scene, _Mapping]] = ...) -> None: ...

class GetSceneRequest(_message.Message):
    __slots__ = ("scene_id",)
    SCENE_ID_FIELD_NUMBER: _ClassVar[int]
    scene_id: str
    def __init__(self, scene_id: _Optional[str] = ...) -> None: ...

class GetSceneResponse(_message.Message):
    __slots__ = ("scene",)
    SCENE_FIELD_NUMBER: _ClassVar[int]
    scene: Scene
    def __init__(self, scene: _Optional[_Union[Scene, _Mapping]] = ...) -> None: ...

class ListScenesRequest(_message.Message):
    __slots__ = ("tags", "include_closed")
    TAGS_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_CLOSED_FIELD_NUMBER: _ClassVar[int]
    tags: _containers.RepeatedScalarFieldContainer[str]
    include_closed: bool
    def __init__(self, tags: _Optional[_Iterable[str]] = ..., include_closed: _Optional[bool] = ...) -> None: ...

class ListScenesResponse(_message.Message):
    __slots__ = ("scenes",)
    SCENES_FIELD_NUMBER: _ClassVar[int]
    scenes: _containers.RepeatedCompositeFieldContainer[Scene]
    def __init__(self, scenes: _Optional[_Iterable[_Union[Scene, _Mapping]]] = ...) -> None: ...

class JoinSceneRequest(_message.Message):
    __slots__ = ("scene_id", "character_id")
    SCENE_ID_FIELD_NUMBER: _ClassVar[int]
    CHARACTER_ID_FIELD_NUMBER: _ClassVar[int]
    scene_id: str
    character_id: str
    def __init__(self, scene_id: _Optional[str] = ..., character_id: _Optional[str] = ...) -> None: ...

class JoinSceneResponse(_message.Message):
    __slots__ = ("scene",)
    SCENE_FIELD_NUMBER: _ClassVar[int]
    scene: Scene
    def __init__(self, scene: _Optional[_Union[Scene, _Mapping]] = ...) -> None: ...

class LeaveSceneRequest(_message.Message):
    __slots__ = ("scene_id", "character_id")
    SCENE_ID_FIELD_NUMBER: _ClassVar[int]
    CHARACTER_ID_FIELD_NUMBER: _ClassVar[int]
    scene_id: str
    character_id: str
    def __init__(self, scene_id: _Optional[str] = ..., character_id: _Optional[str] = ...) -> None: ...

class LeaveSceneResponse(_message.Message):
    __slots__ = ("scene",)
    SCENE_FIELD_NUMBER: _ClassVar[int]
    scene: Scene
    def __init__(self, scene: _Optional[_Union[Scene, _Mapping]] = ...) -> None: ...
