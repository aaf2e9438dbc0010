"""Unit tests of the pieces that need no host: environment, helpers, broker ids, error codes."""

from __future__ import annotations

from typing import Any

import grpc
import pytest
from google.protobuf import any_pb2
from google.rpc import status_pb2

from holomush.plugin.v1 import errors_pb2
from holomush_plugin import (
    BrokerAddressError,
    CommandStatus,
    EmitEvent,
    MisconfiguredError,
    errorf,
    failuref,
    ok,
    parse_broker_services,
    read_environment,
)
from holomush_plugin.errors import from_rpc_error


def test_read_environment_names_what_is_missing() -> None:
    with pytest.raises(MisconfiguredError) as caught:
        read_environment({})
    assert caught.value.missing == ["HOLOMUSH_PLUGIN_NAME", "HOLOMUSH_HOST_ADDRESS", "HOLOMUSH_PLUGIN_TOKEN"]
    with pytest.raises(MisconfiguredError) as caught:
        read_environment({"HOLOMUSH_HOST_ADDRESS": "tcp:x", "HOLOMUSH_PLUGIN_NAME": "p", "HOLOMUSH_PLUGIN_TOKEN": "t"})
    assert "unix:" in caught.value.missing[0]
    env = read_environment(
        {
            "HOLOMUSH_HOST_ADDRESS": "unix:/run/h.sock",
            "HOLOMUSH_PLUGIN_NAME": "p",
            "HOLOMUSH_PLUGIN_TOKEN": "t",
            "HOLOMUSH_STDIN_LIFELINE": "1",
        }
    )
    assert (env.socket_path, env.token, env.host_fd, env.stdin_lifeline, env.host_api_versions) == (
        "/run/h.sock",
        "t",
        None,
        True,
        ("v1",),
    )


def test_read_environment_prefers_the_token_file_and_the_inherited_connection(tmp_path: Any) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("from-file\n")
    base = {"HOLOMUSH_HOST_ADDRESS": "unix:/h.sock", "HOLOMUSH_PLUGIN_NAME": "p", "HOLOMUSH_PLUGIN_TOKEN": "env"}
    assert read_environment({**base, "HOLOMUSH_PLUGIN_TOKEN_FILE": str(token_file)}).token == "from-file"
    with pytest.raises(MisconfiguredError) as caught:
        read_environment({**base, "HOLOMUSH_PLUGIN_TOKEN_FILE": str(tmp_path / "absent")})
    assert caught.value.missing[0].startswith("HOLOMUSH_PLUGIN_TOKEN_FILE (cannot read")
    spawned = read_environment({"HOLOMUSH_HOST_FD": "3", "HOLOMUSH_PLUGIN_NAME": "p"})
    assert (spawned.host_fd, spawned.token) == (3, "")
    with pytest.raises(MisconfiguredError):
        read_environment({"HOLOMUSH_HOST_FD": "1", "HOLOMUSH_PLUGIN_NAME": "p"})


def test_command_helpers() -> None:
    assert ok("hi").status == CommandStatus.OK
    assert errorf("no scene %s", "s1").output == "no scene s1"
    assert errorf("100% sure").output == "100% sure"
    assert failuref("db down").status == CommandStatus.FAILURE
    wire = ok("x", EmitEvent("location:r1", "greet", {"to": "Bob"})).to_proto()
    assert wire.status == 1 and wire.events[0].payload == '{"to": "Bob"}'
    with pytest.raises(ValueError):
        ok("x" * 8193)


def test_parse_broker_services() -> None:
    assert parse_broker_services({"holomush.world.v1.WorldService": "broker:3", "a.B": "broker:0"}) == {
        "holomush.world.v1.WorldService": 3,
        "a.B": 0,
    }
    for address in ("broker:", "3", "broker:-1", "broker:1.5", "broker:x"):
        with pytest.raises(BrokerAddressError) as caught:
            parse_broker_services({"a.B": address})
        assert caught.value.code == "BROKER_ADDRESS_INVALID"
    with pytest.raises(BrokerAddressError) as caught:
        parse_broker_services({"NoPackage": "broker:1"})
    assert caught.value.code == "SERVICE_NAME_INVALID"
    with pytest.raises(BrokerAddressError) as caught:
        parse_broker_services({"a.B": "broker:1", "a.C": "broker:1"})
    assert caught.value.code == "BROKER_ID_DUPLICATE"


class _FakeRpcError(grpc.RpcError):
    def __init__(self, trailers: tuple[tuple[str, bytes], ...]) -> None:
        self._trailers = trailers

    def code(self) -> grpc.StatusCode:
        return grpc.StatusCode.FAILED_PRECONDITION

    def details(self) -> str:
        return "not a member"

    def trailing_metadata(self) -> tuple[tuple[str, bytes], ...]:
        return self._trailers


def test_from_rpc_error_reads_the_error_detail() -> None:
    detail = any_pb2.Any()
    detail.Pack(errors_pb2.ErrorDetail(code="FOCUS_NOT_MEMBER", message="join first", metadata={"plugin": "p"}))
    rich = status_pb2.Status(code=9, message="not a member", details=[detail])
    error = from_rpc_error(_FakeRpcError((("grpc-status-details-bin", rich.SerializeToString()),)))
    assert (error.code, error.message, error.details) == ("FOCUS_NOT_MEMBER", "join first", {"plugin": "p"})
    plain = from_rpc_error(_FakeRpcError(()))
    assert plain.code == "FAILED_PRECONDITION" and plain.status == grpc.StatusCode.FAILED_PRECONDITION


def test_the_generated_error_codes() -> None:
    # error_codes.py is generated from @holomush/proto (scripts/wire-vocabulary.test.mjs keeps it fresh);
    # the names the SDK exported by hand before are the generated constants now.
    from holomush_plugin import (
        ERROR_CODES,
        FOCUS_ERROR_CODES,
        FOCUS_NOT_MEMBER,
        HOST_CONNECTION_LOST,
        STATUS_CODE_NAMES,
        error_codes,
    )

    assert FOCUS_NOT_MEMBER is error_codes.FOCUS_NOT_MEMBER == "FOCUS_NOT_MEMBER"
    assert HOST_CONNECTION_LOST == error_codes.HOST_CONNECTION_LOST
    assert FOCUS_ERROR_CODES == {
        "SESSION_NOT_FOUND",
        "SESSION_EXPIRED",
        "FOCUS_ALREADY_MEMBER",
        "FOCUS_KIND_UNREGISTERED",
        "FOCUS_POLICY_FAILED",
        "FOCUS_NOT_MEMBER",
    }
    assert FOCUS_ERROR_CODES < ERROR_CODES and "EMIT_NAMESPACE_UNDECLARED" in ERROR_CODES
    assert "FAILED_PRECONDITION" in STATUS_CODE_NAMES and "FAILED_PRECONDITION" not in ERROR_CODES
