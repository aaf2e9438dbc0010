"""Errors from calls into the host, carrying the host's stable code."""

from __future__ import annotations

import grpc
from google.rpc import status_pb2

from holomush.plugin.v1 import errors_pb2

# The FocusClient codes, re-exported from the module generated from @holomush/proto
# (scripts/generate-sdk-codes.mjs), where every other code lives too.
from .error_codes import FOCUS_ALREADY_MEMBER as FOCUS_ALREADY_MEMBER
from .error_codes import FOCUS_KIND_UNREGISTERED as FOCUS_KIND_UNREGISTERED
from .error_codes import FOCUS_NOT_MEMBER as FOCUS_NOT_MEMBER
from .error_codes import FOCUS_POLICY_FAILED as FOCUS_POLICY_FAILED
from .error_codes import SESSION_EXPIRED as SESSION_EXPIRED
from .error_codes import SESSION_NOT_FOUND as SESSION_NOT_FOUND

_DETAIL_TYPE = "type.googleapis.com/" + errors_pb2.ErrorDetail.DESCRIPTOR.full_name


class HostCallError(Exception):
    """A failed host call; branch on ``code`` (ErrorDetail.code), never on the message."""

    def __init__(
        self,
        code: str,
        message: str,
        status: grpc.StatusCode | None = None,
        details: dict[str, str] | None = None,
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.details = details or {}


class FocusError(HostCallError):
    """A FocusClient failure; ``code`` is one of the FOCUS_*/SESSION_* codes."""


def from_rpc_error(error: grpc.RpcError, kind: type[HostCallError] = HostCallError) -> HostCallError:
    """Reads the ErrorDetail the host attaches (grpc-status-details-bin) into a HostCallError."""
    status: grpc.StatusCode | None = getattr(error, "code", lambda: None)()
    message = getattr(error, "details", lambda: "")() or str(error)
    code = status.name if status is not None else "UNKNOWN"
    details: dict[str, str] = {}
    trailers = getattr(error, "trailing_metadata", lambda: None)() or ()
    for key, value in trailers:
        if key != "grpc-status-details-bin" or not isinstance(value, bytes):
            continue
        rich = status_pb2.Status.FromString(value)
        for any_detail in rich.details:
            if any_detail.type_url == _DETAIL_TYPE:
                detail = errors_pb2.ErrorDetail.FromString(any_detail.value)
                code, message, details = detail.code or code, detail.message or message, dict(detail.metadata)
                break
    return kind(code, message, status, details)
