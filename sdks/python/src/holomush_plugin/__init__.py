"""HoloMUSH process-plugin SDK for Python (asyncio, over gRPC on the host's unix socket)."""

from .broker import Broker, BrokerAddressError, parse_broker_services
from .clients import EventSink, FocusClient, FocusKey, FocusKind, KvClient, KvEntry
from .env import API_VERSIONS, MisconfiguredError, PluginEnvironment, read_environment
from .error_codes import ERROR_CODES, FOCUS_ERROR_CODES, STATUS_CODE_NAMES, ErrorCode, StatusCodeName
from .errors import (
    FOCUS_ALREADY_MEMBER,
    FOCUS_KIND_UNREGISTERED,
    FOCUS_NOT_MEMBER,
    FOCUS_POLICY_FAILED,
    SESSION_EXPIRED,
    SESSION_NOT_FOUND,
    FocusError,
    HostCallError,
)
from .host_calls import HOST_CONNECTION_LOST
from .serve import run, serve
from .services import ServiceRegistry, TunnelContext
from .session import InitContext, SessionEnd
from .types import (
    ActorKind,
    CommandRequest,
    CommandResponse,
    CommandStatus,
    EmitEvent,
    Event,
    EventOutcome,
    EventResult,
    errorf,
    failuref,
    ok,
)

__all__ = [
    "API_VERSIONS",
    "ERROR_CODES",
    "FOCUS_ERROR_CODES",
    "STATUS_CODE_NAMES",
    "FOCUS_ALREADY_MEMBER",
    "HOST_CONNECTION_LOST",
    "FOCUS_KIND_UNREGISTERED",
    "FOCUS_NOT_MEMBER",
    "FOCUS_POLICY_FAILED",
    "SESSION_EXPIRED",
    "SESSION_NOT_FOUND",
    "ActorKind",
    "Broker",
    "BrokerAddressError",
    "CommandRequest",
    "CommandResponse",
    "CommandStatus",
    "EmitEvent",
    "ErrorCode",
    "Event",
    "EventOutcome",
    "EventResult",
    "EventSink",
    "FocusClient",
    "FocusError",
    "FocusKey",
    "FocusKind",
    "HostCallError",
    "InitContext",
    "KvClient",
    "KvEntry",
    "MisconfiguredError",
    "PluginEnvironment",
    "ServiceRegistry",
    "SessionEnd",
    "StatusCodeName",
    "TunnelContext",
    "errorf",
    "failuref",
    "ok",
    "parse_broker_services",
    "read_environment",
    "run",
    "serve",
]
