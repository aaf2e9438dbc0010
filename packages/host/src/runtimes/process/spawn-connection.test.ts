import { create } from "@bufbuild/protobuf";
import { PluginHelloSchema } from "@holomush/proto";
import { describe, expect, it } from "vitest";
import { isHostError } from "../../errors.js";
import { createMemoryHost } from "./__fixtures__/test-host.js";
import type { PluginBinding } from "./plugin-bindings.js";
import { PluginStream } from "./plugin-stream.js";
import { bindingForStart } from "./spawn-connection.js";

describe("bindingForStart", () => {
  const accepted: string[] = [];
  const plugin: PluginBinding = {
    pluginName: "p",
    host: createMemoryHost("p"),
    brokers: new Map(),
    accept(hello) {
      accepted.push(hello.name);
      return { apiVersion: "v1", hostVersion: "0", pluginName: "p" };
    },
  };
  const hello = create(PluginHelloSchema, { name: "p", version: "1.0.0", apiVersions: ["v1"] });
  const stream = () => new PluginStream({ pluginName: "p", onLog: () => undefined });

  it("passes the hello of the current process start to the plugin", () => {
    expect(bindingForStart(plugin, () => true).accept(hello, stream())).toMatchObject({ pluginName: "p" });
    expect(accepted).toEqual(["p"]);
  });

  it("refuses the hello of a connection made for a previous process", () => {
    let error: unknown;
    try {
      bindingForStart(plugin, () => false).accept(hello, stream());
    } catch (caught) {
      error = caught;
    }
    expect(isHostError(error, "PERMISSION_DENIED")).toBe(true);
    expect(accepted).toEqual(["p"]);
  });
});
