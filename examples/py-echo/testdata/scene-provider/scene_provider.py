"""scene-provider: a Python plugin providing holomush.scene.v1.SceneService (a generated
servicer registered in register_services), for py-echo's provides test."""

from __future__ import annotations

from typing import Any

import grpc

from holomush.scene.v1 import scene_service_pb2, scene_service_pb2_grpc
from holomush_plugin import ServiceRegistry, serve


class Scenes(scene_service_pb2_grpc.SceneServiceServicer):
    async def GetScene(self, request: scene_service_pb2.GetSceneRequest, context: Any) -> Any:  # noqa: N802
        if request.scene_id != "s1":
            await context.abort(grpc.StatusCode.NOT_FOUND, f"no scene {request.scene_id}")
        caller = dict(context.invocation_metadata()).get("holomush-caller", "")
        return scene_service_pb2.GetSceneResponse(
            scene=scene_service_pb2.Scene(id="s1", title=f"The Salty Mug, asked by {caller}")
        )


class Provider:
    def register_services(self, registry: ServiceRegistry) -> None:
        scene_service_pb2_grpc.add_SceneServiceServicer_to_server(Scenes(), registry)


if __name__ == "__main__":
    serve(Provider())
