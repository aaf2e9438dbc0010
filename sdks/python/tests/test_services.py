"""The provided-service registry: a generated servicer registered with the generated
add_*_to_server, and tunnelled calls answered with gRPC/Connect status numbers."""

from __future__ import annotations

from typing import Any

import grpc

from holomush.plugin.v1 import stream_pb2
from holomush.scene.v1 import scene_service_pb2, scene_service_pb2_grpc
from holomush_plugin import ServiceRegistry


class Scenes(scene_service_pb2_grpc.SceneServiceServicer):
    async def GetScene(self, request: scene_service_pb2.GetSceneRequest, context: Any) -> Any:  # noqa: N802
        if request.scene_id == "missing":
            await context.abort(grpc.StatusCode.NOT_FOUND, "no scene missing")
        if request.scene_id == "boom":
            raise RuntimeError("database on fire")
        caller = dict(context.invocation_metadata()).get("holomush-caller", "")
        return scene_service_pb2.GetSceneResponse(scene=scene_service_pb2.Scene(id=request.scene_id, title=caller))


def _call(registry: ServiceRegistry, method: str, message: bytes, caller: str = "") -> Any:
    return registry.call(
        stream_pb2.ServiceCallRequest(
            service="holomush.scene.v1.SceneService", method=method, message=message, caller=caller
        )
    )


async def test_tunnelled_calls() -> None:
    registry = ServiceRegistry()
    scene_service_pb2_grpc.add_SceneServiceServicer_to_server(Scenes(), registry)
    assert registry.names == ["holomush.scene.v1.SceneService"]

    ok = await _call(registry, "GetScene", scene_service_pb2.GetSceneRequest(scene_id="s1").SerializeToString(), "other")
    assert ok.code == 0
    assert scene_service_pb2.GetSceneResponse.FromString(ok.message).scene.title == "other"

    missing = await _call(registry, "GetScene", scene_service_pb2.GetSceneRequest(scene_id="missing").SerializeToString())
    assert (missing.code, missing.error_message) == (5, "no scene missing")

    boom = await _call(registry, "GetScene", scene_service_pb2.GetSceneRequest(scene_id="boom").SerializeToString())
    assert (boom.code, boom.error_message) == (13, "database on fire")

    unimplemented = await _call(registry, "ListScenes", b"")
    assert unimplemented.code == 12
    unknown = await registry.call(stream_pb2.ServiceCallRequest(service="x.Y", method="Z"))
    assert unknown.code == 12
