import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { GetLocationRequestSchema, GetLocationResponseSchema, WorldService } from "@holomush/proto";
import { describe, expect, it } from "vitest";
import { isHostError } from "../errors.js";
import { createServiceDirectory } from "./service-directory.js";

const request = toBinary(GetLocationRequestSchema, create(GetLocationRequestSchema, { locationId: "7" }));

describe("service directory", () => {
  it("serves a typed implementation through binary requests, passing the caller", async () => {
    const directory = createServiceDirectory();
    directory.registerService(WorldService, "host", {
      getLocation: (input, context) => ({
        location: { id: input.locationId, name: `asked by ${context.requestHeader.get("holomush-caller")}` },
      }),
    });
    const bytes = await directory.call(WorldService.typeName, "GetLocation", request, "core-scenes");
    expect(fromBinary(GetLocationResponseSchema, bytes).location).toMatchObject({
      id: "7",
      name: "asked by core-scenes",
    });
    expect(directory.resolve(WorldService.typeName)?.owner).toBe("host");
  });

  it("answers Unimplemented for a method the implementation lacks", async () => {
    const directory = createServiceDirectory();
    directory.registerService(WorldService, "host", {});
    const error = await directory.call(WorldService.typeName, "GetLocation", request, "").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).code).toBe(Code.Unimplemented);
  });

  it("refuses a second provider and reports an unknown service as unavailable", async () => {
    const directory = createServiceDirectory();
    directory.register("a.v1.S", "plugin-a", async () => new Uint8Array());
    expect(() => directory.register("a.v1.S", "plugin-b", async () => new Uint8Array())).toThrow(
      /already provided by plugin-a/,
    );
    const error = await directory.call("b.v1.T", "M", new Uint8Array(), "").catch((e: unknown) => e);
    expect(isHostError(error, "SERVICE_UNAVAILABLE")).toBe(true);
  });

  it("unregisters by owner only", () => {
    const directory = createServiceDirectory();
    directory.register("a.v1.S", "plugin-a", async () => new Uint8Array());
    directory.register("a.v1.T", "plugin-a", async () => new Uint8Array());
    directory.register("b.v1.S", "plugin-b", async () => new Uint8Array());
    directory.unregister("b.v1.S", "plugin-a");
    expect(directory.resolve("b.v1.S")).toBeDefined();
    directory.unregisterOwner("plugin-a");
    expect(directory.list().map((entry) => entry.name)).toEqual(["b.v1.S"]);
  });
});
