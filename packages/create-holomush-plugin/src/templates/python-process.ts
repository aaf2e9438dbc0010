/**
 * A process plugin in Python on the Python SDK (holomush-plugin-sdk, asyncio):
 * the host spawns bin/<name>, which runs the plugin module in the venv beside
 * it. Answers one command and echoes what characters say; its test is plain
 * pytest on the handler.
 */
import type { PluginKind } from "../plugin-kind.js";
import { PYTHON_SDK, PYTHON_SDK_RANGE } from "../sdks.js";
import { REPOSITORY_MODELINE } from "./schema-modeline.js";

/** The pytest the SDK's own tests run on. */
const PYTEST = "pytest==9.2.0";
/** The build backend the SDK builds with. */
const SETUPTOOLS = "setuptools==84.2.1";

export const pythonProcessKind: PluginKind = {
  id: "python",
  label: "Python process plugin",
  hint: "a Python (asyncio) process on holomush-plugin-sdk: a venv, pytest; KV, services, focus",
  steps: ["python3 -m venv .venv", ".venv/bin/pip install -e '.[test]'", ".venv/bin/pytest"],
  files: ({ name, command, sdks }) => {
    const module = name.replaceAll("-", "_");
    const sdk = sdks ? `${PYTHON_SDK} @ file://${sdks.python}` : `${PYTHON_SDK}${PYTHON_SDK_RANGE}`;
    return {
      "pyproject.toml": {
        text: `[build-system]
requires = ["${SETUPTOOLS}"]
build-backend = "setuptools.build_meta"

[project]
name = "${name}"
version = "0.1.0"
description = "The ${name} HoloMUSH plugin"
requires-python = ">=3.10"
dependencies = [${JSON.stringify(sdk)}]

[project.optional-dependencies]
test = ["${PYTEST}"]

[tool.setuptools]
py-modules = ["${module}"]

[tool.pytest.ini_options]
testpaths = ["tests"]
pythonpath = ["."]
`,
      },
      "plugin.yaml": {
        text: `${REPOSITORY_MODELINE}
# The host spawns bin/${name}, which runs ${module}.py in the venv beside it (.venv).
name: ${name}
version: 0.1.0
type: binary
description: The ${name} plugin
emits: [location]
events:
  - stream: "location:*"
    types: [say]
commands:
  - name: ${command}
    help: Say hello
    usage: "${command} [name]"
binary-plugin:
  executable: bin/${name}
`,
      },
      [`bin/${name}`]: {
        text: `#!/bin/sh
# Launcher named in plugin.yaml (binary-plugin.executable): runs the plugin in
# the venv beside it (python3 -m venv .venv && .venv/bin/pip install -e .).
here=$(dirname "$0")/..
exec "$here/.venv/bin/python" "$here/${module}.py" "$@"
`,
        mode: 0o755,
      },
      [`${module}.py`]: {
        text: `"""${name}: a HoloMUSH process plugin in Python. The host spawns bin/${name};
serve() dials the host and answers its calls until shutdown."""

from __future__ import annotations

from holomush_plugin import ActorKind, CommandRequest, CommandResponse, EmitEvent, Event, errorf, ok, serve

COMMAND = "${command}"


class Plugin:
    def handle_command(self, request: CommandRequest) -> CommandResponse:
        """\`${command} [name]\`: the answer goes to the character who typed it."""
        who = request.args.strip() or request.character_name
        if len(who) > 40:
            return errorf("usage: %s [name]", COMMAND)
        return ok(f"Hello, {who}!")

    def handle_event(self, event: Event) -> list[EmitEvent]:
        """Events plugin.yaml subscribes to; the events returned are published as the plugin."""
        # Only characters: answering plugins (or ourselves) could loop.
        if event.type != "say" or event.actor_kind != ActorKind.CHARACTER:
            return []
        message = event.json().get("message", "")
        if not message:
            return []
        return [EmitEvent(event.stream, "say", {"message": f"${name} heard: {message}"})]


if __name__ == "__main__":
    serve(Plugin(), commands=[COMMAND])
`,
      },
      "tests/test_plugin.py": {
        text: `from holomush_plugin import ActorKind, CommandRequest, CommandStatus, EmitEvent, Event

from ${module} import COMMAND, Plugin


def request(args: str) -> CommandRequest:
    return CommandRequest(
        command=COMMAND,
        args=args,
        character_id="c1",
        character_name="Alice",
        location_id="square",
        session_id="s1",
        player_id="p1",
        invoked_as=COMMAND,
    )


def say(actor_kind: ActorKind) -> Event:
    return Event(
        id="e1",
        stream="location:square",
        type="say",
        timestamp=0,
        actor_kind=actor_kind,
        actor_id="c1",
        payload='{"message": "hi"}',
    )


def test_answers_its_command() -> None:
    assert Plugin().handle_command(request("")).output == "Hello, Alice!"
    reply = Plugin().handle_command(request("Bob"))
    assert (reply.status, reply.output) == (CommandStatus.OK, "Hello, Bob!")


def test_answers_what_characters_say() -> None:
    assert Plugin().handle_event(say(ActorKind.CHARACTER)) == [
        EmitEvent("location:square", "say", {"message": "${name} heard: hi"})
    ]
    # Not what plugins say: answering them could loop.
    assert Plugin().handle_event(say(ActorKind.PLUGIN)) == []
`,
      },
      ".gitignore": { text: ".venv/\n__pycache__/\n*.egg-info/\n" },
      "README.md": {
        text: `# ${name}

A [HoloMUSH](https://github.com/holomush/holomush-plugins) process plugin in Python, on the Python
SDK (\`${PYTHON_SDK}\`, asyncio). It answers \`${command} [name]\` and replies to what characters say.

\`\`\`sh
python3 -m venv .venv                   # the venv bin/${name} runs the plugin in
.venv/bin/pip install -e '.[test]'      # the SDK (grpcio, protobuf) and pytest
.venv/bin/pytest                        # the handler, as plain Python
\`\`\`

Run it in a host: \`npx @holomush/server run --plugins ..\` (the folder that holds this plugin's
folder; the host is an npm package), connect with \`nc 127.0.0.1 4201\`, type a name, then
\`${command}\` or \`say hi\`. \`npx @holomush/server validate .\` checks plugin.yaml as the host will.

- \`plugin.yaml\` declares what the plugin may do: the events it receives, the streams it may emit
  to, its commands. Your editor checks it against the schema named on its first line.
- The SDK's README lists the rest: \`set_event_sink\`, \`set_focus_client\`, KV, \`init\` with the
  ServiceConfig, services (\`register_services\`), \`holomush_plugin.storage\` for a database of its own.

## Building against an unreleased SDK

\`pyproject.toml\` depends on \`${PYTHON_SDK}${PYTHON_SDK_RANGE}\` from PyPI. To try SDK changes from a
checkout of the platform's repository, install it over that: \`.venv/bin/pip install -e
../holomush-plugins/sdks/python\` (or scaffold with \`--sdks-from <checkout>\`, which writes a
\`file://\` dependency).
`,
      },
    };
  },
};
