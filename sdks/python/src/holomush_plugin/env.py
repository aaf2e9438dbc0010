"""What the host hands a process plugin in its environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

API_VERSIONS: tuple[str, ...] = ("v1",)
"""Protocol versions this SDK speaks, most preferred first."""


@dataclass(frozen=True)
class PluginEnvironment:
    socket_path: str
    """The host's unix socket (``HOLOMUSH_HOST_ADDRESS=unix:<path>``)."""
    name: str
    """``HOLOMUSH_PLUGIN_NAME``: the manifest name."""
    version: str
    """``HOLOMUSH_PLUGIN_VERSION`` (empty when the host did not set it)."""
    token: str
    """The bearer secret that identifies this plugin."""
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
            "`binary-plugin.executable`) and passes the socket address and a token in HOLOMUSH_* "
            "variables. To run it yourself as a dial-in plugin, remove `executable` from its "
            "plugin.yaml and export HOLOMUSH_HOST_ADDRESS=unix:<host socket>, "
            "HOLOMUSH_PLUGIN_NAME=<name> and HOLOMUSH_PLUGIN_TOKEN=<token from the host operator>."
        )


def read_environment(env: Mapping[str, str] | None = None) -> PluginEnvironment:
    """Reads the plugin environment (``os.environ`` by default) or raises MisconfiguredError."""
    env = os.environ if env is None else env
    missing = [name for name in ("HOLOMUSH_HOST_ADDRESS", "HOLOMUSH_PLUGIN_NAME") if not env.get(name)]
    token = _read_token(env)
    if not token:
        missing.append("HOLOMUSH_PLUGIN_TOKEN")
    address = env.get("HOLOMUSH_HOST_ADDRESS", "")
    if address and not address.startswith("unix:"):
        missing.append("HOLOMUSH_HOST_ADDRESS (must be unix:<socket path>)")
    if missing:
        raise MisconfiguredError(missing)
    versions = env.get("HOLOMUSH_API_VERSIONS") or ",".join(API_VERSIONS)
    return PluginEnvironment(
        socket_path=address[len("unix:") :],
        name=env.get("HOLOMUSH_PLUGIN_NAME", ""),
        version=env.get("HOLOMUSH_PLUGIN_VERSION", ""),
        token=token,
        host_api_versions=tuple(v.strip() for v in versions.split(",") if v.strip()),
        stdin_lifeline=env.get("HOLOMUSH_STDIN_LIFELINE") == "1",
    )


def _read_token(env: Mapping[str, str]) -> str:
    """The one place the SDK learns its bearer token (today the HOLOMUSH_PLUGIN_TOKEN
    variable, as the TypeScript SDK reads it), so a change in the handoff is a change here."""
    return env.get("HOLOMUSH_PLUGIN_TOKEN", "")
