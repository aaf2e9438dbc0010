"""py-echo: a Python process plugin. It echoes a character's `say` ("Echo: <message>")
and answers `conf <probe>`, the conformance suite's probe command, through every part
of the SDK: command statuses, KV, EventSink, FocusClient, stream history, a required
service through the broker, a crash and a slow handler."""

from __future__ import annotations

import asyncio
import json
import os
from typing import Any

from holomush.plugin.v1 import config_pb2
from holomush.world.v1 import world_service_pb2, world_service_pb2_grpc
from holomush_plugin import (
    ActorKind,
    CommandRequest,
    CommandResponse,
    EmitEvent,
    Event,
    EventSink,
    FocusClient,
    FocusKey,
    FocusKind,
    HostCallError,
    InitContext,
    KvClient,
    errorf,
    failuref,
    ok,
    parse_broker_services,
    serve,
)

WORLD = "holomush.world.v1.WorldService"


class PyEcho:
    sink: EventSink
    focus: FocusClient
    kv: KvClient
    world: Any = None

    def set_event_sink(self, sink: EventSink) -> None:
        self.sink = sink

    def set_focus_client(self, client: FocusClient) -> None:
        self.focus = client

    def set_kv_client(self, kv: KvClient) -> None:
        self.kv = kv

    def init(self, config: config_pb2.ServiceConfig, context: InitContext) -> None:
        services = parse_broker_services(dict(config.required_services))
        if WORLD in services:
            self.world = context.broker.dial(world_service_pb2_grpc.WorldServiceStub, services[WORLD])

    def handle_event(self, event: Event) -> list[EmitEvent]:
        if event.type == "say" and event.actor_kind == ActorKind.CHARACTER:
            message = event.json().get("message", "")
            return [EmitEvent(event.stream, "say", {"message": f"Echo: {message}"})] if message else []
        if event.type == "conf.seq":
            return [EmitEvent(event.stream, "conf.ack", event.payload)]
        return []

    async def handle_command(self, request: CommandRequest) -> CommandResponse:
        probe, _, rest = request.args.strip().partition(" ")
        rest = rest.strip()
        try:
            return await self.probe(probe, rest, request)
        except HostCallError as error:
            return errorf(error.code)

    async def probe(self, probe: str, rest: str, request: CommandRequest) -> CommandResponse:
        if probe == "status":
            kind, _, text = rest.partition(" ")
            helpers = {"ok": ok, "error": errorf, "failure": failuref}
            return helpers[kind](text) if kind in helpers else errorf("usage: conf status ok|error|failure <text>")
        if probe == "request":
            return ok(
                json.dumps(
                    {
                        "command": request.command,
                        "args": request.args,
                        "characterId": request.character_id,
                        "characterName": request.character_name,
                        "locationId": request.location_id,
                        "sessionId": request.session_id,
                        "playerId": request.player_id,
                        "invokedAs": request.invoked_as,
                    }
                )
            )
        if probe == "kv-set":
            key, _, value = rest.partition(" ")
            await self.kv.set(key, value)
            return ok(f"stored {key}")
        if probe == "kv-get":
            text = await self.kv.get_text(rest)
            return errorf("no key %s", rest) if text is None else ok(text)
        if probe == "kv-list":
            entries, _ = await self.kv.list(rest)
            return ok(",".join(entry.key for entry in entries))
        if probe == "emit":
            return ok(await self.sink.emit(rest, "conf.emitted", {"by": "py-echo"}))
        if probe == "focus":
            action, _, scene = rest.partition(" ")
            target = FocusKey(FocusKind.SCENE, scene)
            if action == "join":
                return ok(",".join(await self.focus.join_focus(request.session_id, target)))
            if action == "present":
                await self.focus.present_focus(request.session_id, target)
                return ok(f"presenting {scene}")
            if action == "leave":
                was_member = await self.focus.leave_focus(request.session_id, target)
                return ok(f"left {scene} (was member: {str(was_member).lower()})")
            return errorf("usage: conf focus join|present|leave <id>")
        if probe == "history":
            page = await self.focus.query_stream_history(rest, count=10)
            return ok("|".join(json.loads(entry.event.payload or "{}").get("message", "") for entry in page.entries))
        if probe == "world":
            if self.world is None:
                return failuref("WorldService was not provided")
            reply = await self.world.GetCharacter(world_service_pb2.GetCharacterRequest(character_id=request.character_id))
            return ok(reply.character.name)
        if probe == "crash":
            os._exit(3)
        if probe == "sleep":
            await asyncio.sleep(int(rest or "0") / 1000)
            return ok("slept")
        return errorf("unknown probe %r", probe)


if __name__ == "__main__":
    offered = os.environ.get("CONFORMANCE_API_VERSIONS")
    serve(PyEcho(), commands=["pyconf"], api_versions=offered.split(",") if offered else ("v1",))
