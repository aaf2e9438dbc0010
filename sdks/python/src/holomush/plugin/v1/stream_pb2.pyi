from holomush.plugin.v1 import errors_pb2 as _errors_pb2
from holomush.plugin.v1 import plugin_service_pb2 as _plugin_service_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class LogLevel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LOG_LEVEL_UNSPECIFIED: _ClassVar[LogLevel]
    LOG_LEVEL_DEBUG: _ClassVar[LogLevel]
    LOG_LEVEL_INFO: _ClassVar[LogLevel]
    LOG_LEVEL_WARN: _ClassVar[LogLevel]
    LOG_LEVEL_ERROR: _ClassVar[LogLevel]
LOG_LEVEL_UNSPECIFIED: LogLevel
LOG_LEVEL_DEBUG: LogLevel
LOG_LEVEL_INFO: LogLevel
LOG_LEVEL_WARN: LogLevel
LOG_LEVEL_ERROR: LogLevel

class ConnectRequest(_message.Message):
    __slots__ = ("hello", "subscribe", "reply", "log", "pong", "host_request")
    HELLO_FIELD_NUMBER: _ClassVar[int]
    SUBSCRIBE_FIELD_NUMBER: _ClassVar[int]
    REPLY_FIELD_NUMBER: _ClassVar[int]
    LOG_FIELD_NUMBER: _ClassVar[int]
    PONG_FIELD_NUMBER: _ClassVar[int]
    HOST_REQUEST_FIELD_NUMBER: _ClassVar[int]
    hello: PluginHello
    subscribe: EventSubscribe
    reply: PluginReply
    log: StreamLog
    pong: Pong
    host_request: HostRequest
    def __init__(self, hello: _Optional[_Union[PluginHello, _Mapping]] = ..., subscribe: _Optional[_Union[EventSubscribe, _Mapping]] = ..., reply: _Optional[_Union[PluginReply, _Mapping]] = ..., log: _Optional[_Union[StreamLog, _Mapping]] = ..., pong: _Optional[_Union[Pong, _Mapping]] = ..., host_request: _Optional[_Union[HostRequest, _Mapping]] = ...) -> None: ...

class ConnectResponse(_message.Message):
    __slots__ = ("hello", "call", "cancel", "ping", "host_response")
    HELLO_FIELD_NUMBER: _ClassVar[int]
    CALL_FIELD_NUMBER: _ClassVar[int]
    CANCEL_FIELD_NUMBER: _ClassVar[int]
    PING_FIELD_NUMBER: _ClassVar[int]
    HOST_RESPONSE_FIELD_NUMBER: _ClassVar[int]
    hello: HostHello
    call: HostCall
    cancel: CancelCall
    ping: Ping
    host_response: HostResponse
    def __init__(self, hello: _Optional[_Union[HostHello, _Mapping]] = ..., call: _Optional[_Union[HostCall, _Mapping]] = ..., cancel: _Optional[_Union[CancelCall, _Mapping]] = ..., ping: _Optional[_Union[Ping, _Mapping]] = ..., host_response: _Optional[_Union[HostResponse, _Mapping]] = ...) -> None: ...

class PluginHello(_message.Message):
    __slots__ = ("plugin_id", "name", "version", "api_versions", "commands", "provided_services")
    PLUGIN_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    API_VERSIONS_FIELD_NUMBER: _ClassVar[int]
    COMMANDS_FIELD_NUMBER: _ClassVar[int]
    PROVIDED_SERVICES_FIELD_NUMBER: _ClassVar[int]
    plugin_id: str
    name: str
    version: str
    api_versions: _containers.RepeatedScalarFieldContainer[str]
    commands: _containers.RepeatedScalarFieldContainer[str]
    provided_services: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, plugin_id: _Optional[str] = ..., name: _Optional[str] = ..., version: _Optional[str] = ..., api_versions: _Optional[_Iterable[str]] = ..., commands: _Optional[_Iterable[str]] = ..., provided_services: _Optional[_Iterable[str]] = ...) -> None: ...

class HostHello(_message.Message):
    __slots__ = ("api_version", "host_version", "plugin_name", "capabilities")
    API_VERSION_FIELD_NUMBER: _ClassVar[int]
    HOST_VERSION_FIELD_NUMBER: _ClassVar[int]
    PLUGIN_NAME_FIELD_NUMBER: _ClassVar[int]
    CAPABILITIES_FIELD_NUMBER: _ClassVar[int]
    api_version: str
    host_version: str
    plugin_name: str
    capabilities: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, api_version: _Optional[str] = ..., host_version: _Optional[str] = ..., plugin_name: _Optional[str] = ..., capabilities: _Optional[_Iterable[str]] = ...) -> None: ...

class EventSubscribe(_message.Message):
    __slots__ = ("subscriptions",)
    SUBSCRIPTIONS_FIELD_NUMBER: _ClassVar[int]
    subscriptions: _containers.RepeatedCompositeFieldContainer[StreamSubscription]
    def __init__(self, subscriptions: _Optional[_Iterable[_Union[StreamSubscription, _Mapping]]] = ...) -> None: ...

class StreamSubscription(_message.Message):
    __slots__ = ("stream", "types")
    STREAM_FIELD_NUMBER: _ClassVar[int]
    TYPES_FIELD_NUMBER: _ClassVar[int]
    stream: str
    types: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, stream: _Optional[str] = ..., types: _Optional[_Iterable[str]] = ...) -> None: ...

class HostCall(_message.Message):
    __slots__ = ("call_id", "init", "event", "command", "shutdown", "service")
    CALL_ID_FIELD_NUMBER: _ClassVar[int]
    INIT_FIELD_NUMBER: _ClassVar[int]
    EVENT_FIELD_NUMBER: _ClassVar[int]
    COMMAND_FIELD_NUMBER: _ClassVar[int]
    SHUTDOWN_FIELD_NUMBER: _ClassVar[int]
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    call_id: int
    init: _plugin_service_pb2.InitRequest
    event: _plugin_service_pb2.HandleEventRequest
    command: _plugin_service_pb2.HandleCommandRequest
    shutdown: _plugin_service_pb2.ShutdownRequest
    service: ServiceCallRequest
    def __init__(self, call_id: _Optional[int] = ..., init: _Optional[_Union[_plugin_service_pb2.InitRequest, _Mapping]] = ..., event: _Optional[_Union[_plugin_service_pb2.HandleEventRequest, _Mapping]] = ..., command: _Optional[_Union[_plugin_service_pb2.HandleCommandRequest, _Mapping]] = ..., shutdown: _Optional[_Union[_plugin_service_pb2.ShutdownRequest, _Mapping]] = ..., service: _Optional[_Union[ServiceCallRequest, _Mapping]] = ...) -> None: ...

class PluginReply(_message.Message):
    __slots__ = ("call_id", "init", "event", "command", "shutdown", "service", "error")
    CALL_ID_FIELD_NUMBER: _ClassVar[int]
    INIT_FIELD_NUMBER: _ClassVar[int]
    EVENT_FIELD_NUMBER: _ClassVar[int]
    COMMAND_FIELD_NUMBER: _ClassVar[int]
    SHUTDOWN_FIELD_NUMBER: _ClassVar[int]
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    call_id: int
    init: _plugin_service_pb2.InitResponse
    event: _plugin_service_pb2.HandleEventResponse
    command: _plugin_service_pb2.HandleCommandResponse
    shutdown: _plugin_service_pb2.ShutdownResponse
    service: ServiceCallResponse
    error: PluginError
    def __init__(self, call_id: _Optional[int] = ..., init: _Optional[_Union[_plugin_service_pb2.InitResponse, _Mapping]] = ..., event: _Optional[_Union[_plugin_service_pb2.HandleEventResponse, _Mapping]] = ..., command: _Optional[_Union[_plugin_service_pb2.HandleCommandResponse, _Mapping]] = ..., shutdown: _Optional[_Union[_plugin_service_pb2.ShutdownResponse, _Mapping]] = ..., service: _Optional[_Union[ServiceCallResponse, _Mapping]] = ..., error: _Optional[_Union[PluginError, _Mapping]] = ...) -> None: ...

class PluginError(_message.Message):
    __slots__ = ("code", "message")
    CODE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    code: str
    message: str
    def __init__(self, code: _Optional[str] = ..., message: _Optional[str] = ...) -> None: ...

class ServiceCallRequest(_message.Message):
    __slots__ = ("service", "method", "message", "caller")
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    CALLER_FIELD_NUMBER: _ClassVar[int]
    service: str
    method: str
    message: bytes
    caller: str
    def __init__(self, service: _Optional[str] = ..., method: _Optional[str] = ..., message: _Optional[bytes] = ..., caller: _Optional[str] = ...) -> None: ...

class ServiceCallResponse(_message.Message):
    __slots__ = ("message", "code", "error_message")
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    ERROR_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    message: bytes
    code: int
    error_message: str
    def __init__(self, message: _Optional[bytes] = ..., code: _Optional[int] = ..., error_message: _Optional[str] = ...) -> None: ...

class HostRequest(_message.Message):
    __slots__ = ("request_id", "method", "message")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    request_id: int
    method: str
    message: bytes
    def __init__(self, request_id: _Optional[int] = ..., method: _Optional[str] = ..., message: _Optional[bytes] = ...) -> None: ...

class HostResponse(_message.Message):
    __slots__ = ("request_id", "message", "code", "error")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    request_id: int
    message: bytes
    code: int
    error: _errors_pb2.ErrorDetail
    def __init__(self, request_id: _Optional[int] = ..., message: _Optional[bytes] = ..., code: _Optional[int] = ..., error: _Optional[_Union[_errors_pb2.ErrorDetail, _Mapping]] = ...) -> None: ...

class CancelCall(_message.Message):
    __slots__ = ("call_id",)
    CALL_ID_FIELD_NUMBER: _ClassVar[int]
    call_id: int
    def __init__(self, call_id: _Optional[int] = ...) -> None: ...

class StreamLog(_message.Message):
    __slots__ = ("level", "message", "fields")
    class FieldsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    FIELDS_FIELD_NUMBER: _ClassVar[int]
    level: LogLevel
    message: str
    fields: _containers.ScalarMap[str, str]
    def __init__(self, level: _Optional[_Union[LogLevel, str]] = ..., message: _Optional[str] = ..., fields: _Optional[_Mapping[str, str]] = ...) -> None: ...

class Ping(_message.Message):
    __slots__ = ("nonce",)
    NONCE_FIELD_NUMBER: _ClassVar[int]
    nonce: int
    def __init__(self, nonce: _Optional[int] = ...) -> None: ...

class Pong(_message.Message):
    __slots__ = ("nonce",)
    NONCE_FIELD_NUMBER: _ClassVar[int]
    nonce: int
    def __init__(self, nonce: _Optional[int] = ...) -> None: ...
