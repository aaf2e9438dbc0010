"""What the host hands a process plugin in its environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

API_VERSIONS: tuple[str, ...] = ("v1",)
"""Protocol versions this SDK speaks, most preferred first."""


@dataclass(frozen=True)
class PluginEnvironment:
    """What the host hands a process plugin. A plugin the host spawned reaches it over the
    connection it inherited on a descriptor (``HOLOMUSH_HOST_FD``): no secret at all, the
    connection is the identity. A dial-in plugin dials ``HOLOMUSH_HOST_ADDRESS`` with a token
    from ``HOLOMUSH_PLUGIN_TOKEN_FILE`` (preferred) or ``HOLOMUSH_PLUGIN_TOKEN``, as the
    TypeScript SDK reads them."""

    host_fd: int | None
    """The inherited connection's descriptor, or None for a dial-in plugin."""
    socket_path: str
    """The host's unix socket for dial-in plugins (``HOLOMUSH_HOST_ADDRESS=unix:<path>``)."""
    name: str
    """``HOLOMUSH_PLUGIN_NAME``: the manifest name."""
    version: str
    """``HOLOMUSH_PLUGIN_VERSION`` (empty when the host did not set it)."""
    token: str
    """A dial-in plugin's bearer secret ("" on an inherited connection)."""
    host_api_versions: tuple[str, ...]
    stdin_lifeline: bool
    """``HOLOMUSH_STDIN_LIFELINE=1``: exit when stdin reaches EOF (the host died)."""


class MisconfiguredError(Exception):
    """The plugin was started outside a host; ``missing`` names what is absent."""

    def __init__(self, missing: list[str]) -> None:
        self.missing = missing
        super().__init__(
            f"holomush plugin: missing environment: {', '.join(missing)}.\n"
            "This program is a HoloMUSH process plugin: the host starts it (plugin.yaml "
            "`binary-plugin.executable`) and hands it a connection (HOLOMUSH_HOST_FD). To run it "
            "yourself as a dial-in plugin, remove `executable` from its plugin.yaml and export "
            "HOLOMUSH_HOST_ADDRESS=unix:<host socket>, HOLOMUSH_PLUGIN_NAME=<name> and "
            "HOLOMUSH_PLUGIN_TOKEN_FILE=<file holding the token from the host operator> "
            "(or HOLOMUSH_PLUGIN_TOKEN=<token>)."
        )


def read_environment(env: Mapping[str, str] | None = None) -> PluginEnvironment:
    """Reads the plugin environment (``os.environ`` by default) or raises MisconfiguredError."""
    env = os.environ if env is None else env
    missing = [] if env.get("HOLOMUSH_PLUGIN_NAME") else ["HOLOMUSH_PLUGIN_NAME"]
    host_fd: int | None = None
    socket_path = token = ""
    if env.get("HOLOMUSH_HOST_FD") is not None:
        text = env["HOLOMUSH_HOST_FD"]
        if not text.isdigit() or int(text) <= 2:
            missing.append("HOLOMUSH_HOST_FD (must be a descriptor number above 2)")
        else:
            host_fd = int(text)
    else:
        address = env.get("HOLOMUSH_HOST_ADDRESS", "")
        if not address:
            missing.append("HOLOMUSH_HOST_ADDRESS")
        elif not address.startswith("unix:"):
            missing.append("HOLOMUSH_HOST_ADDRESS (must be unix:<socket path>)")
        socket_path = address[len("unix:") :]
        token, problem = _read_token(env)
        if problem:
            missing.append(problem)
    if missing:
        raise MisconfiguredError(missing)
    versions = env.get("HOLOMUSH_API_VERSIONS") or ",".join(API_VERSIONS)
    return PluginEnvironment(
        host_fd=host_fd,
        socket_path=socket_path,
        name=env.get("HOLOMUSH_PLUGIN_NAME", ""),
        version=env.get("HOLOMUSH_PLUGIN_VERSION", ""),
        token=token,
        host_api_versions=tuple(v.strip() for v in versions.split(",") if v.strip()),
        stdin_lifeline=env.get("HOLOMUSH_STDIN_LIFELINE") == "1",
    )


def _read_token(env: Mapping[str, str]) -> tuple[str, str]:
    """The one place a dial-in plugin learns its bearer token: HOLOMUSH_PLUGIN_TOKEN_FILE (the
    secret stays out of the environment), else HOLOMUSH_PLUGIN_TOKEN. Returns (token, problem)."""
    token = env.get("HOLOMUSH_PLUGIN_TOKEN", "")
    file = env.get("HOLOMUSH_PLUGIN_TOKEN_FILE")
    if file:
        try:
            with open(file, encoding="utf-8") as handle:
                token = handle.read().strip()
        except OSError as error:
            return "", f"HOLOMUSH_PLUGIN_TOKEN_FILE (cannot read {file}: {error.strerror})"
    return (token, "") if token else ("", "HOLOMUSH_PLUGIN_TOKEN")
