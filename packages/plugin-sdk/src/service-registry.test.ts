import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { GetSceneRequestSchema, GetSceneResponseSchema, SceneService, ServiceCallRequestSchema } from "@holomush/proto";
import { describe, expect, it } from "vitest";
import { createServiceRegistry } from "./service-registry.js";

const call = (method: string, caller = "other") =>
  create(ServiceCallRequestSchema, {
    service: SceneService.typeName,
    method,
    caller,
    message: toBinary(GetSceneRequestSchema, create(GetSceneRequestSchema, { sceneId: "s1" })),
  });

describe("service registry", () => {
  const registry = createServiceRegistry();
  registry.router.service(SceneService, {
    getScene: (request, context) => ({
      scene: { id: request.sceneId, title: `for ${context.requestHeader.get("holomush-caller")}` },
    }),
    listScenes: () => {
      throw new ConnectError("no scenes here", Code.NotFound);
    },
  });

  it("lists registered services for the hello", () => {
    expect(registry.serviceNames()).toEqual([SceneService.typeName]);
  });

  it("runs a tunnelled call and encodes the response", async () => {
    const response = await registry.call(call("GetScene"), new AbortController().signal);
    expect(response.code).toBe(0);
    const scene = fromBinary(GetSceneResponseSchema, response.message ?? new Uint8Array()).scene;
    expect(scene).toMatchObject({ id: "s1", title: "for other" });
  });

  it("returns errors as Connect codes instead of throwing", async () => {
    expect(await registry.call(call("ListScenes"), new AbortController().signal)).toEqual({
      code: Code.NotFound,
      errorMessage: "no scenes here",
    });
    expect((await registry.call(call("JoinScene"), new AbortController().signal)).code).toBe(Code.Unimplemented);
  });
});
