import { describe, expect, it } from "vitest";
import { missingEnvironmentMessage, readPluginEnvironment } from "./plugin-env.js";

describe("readPluginEnvironment", () => {
  it("reads what the host hands a plugin", () => {
    expect(
      readPluginEnvironment({
        HOLOMUSH_HOST_ADDRESS: "unix:/run/holomush/host.sock",
        HOLOMUSH_PLUGIN_NAME: "greeter",
        HOLOMUSH_PLUGIN_VERSION: "1.0.0",
        HOLOMUSH_PLUGIN_TOKEN: "secret",
        HOLOMUSH_API_VERSIONS: "v1, v2",
        HOLOMUSH_STDIN_LIFELINE: "1",
      }),
    ).toEqual({
      socketPath: "/run/holomush/host.sock",
      name: "greeter",
      version: "1.0.0",
      token: "secret",
      hostApiVersions: ["v1", "v2"],
      stdinLifeline: true,
    });
  });

  it("names every missing or malformed variable", () => {
    expect(readPluginEnvironment({})).toEqual({
      missing: ["HOLOMUSH_HOST_ADDRESS", "HOLOMUSH_PLUGIN_NAME", "HOLOMUSH_PLUGIN_TOKEN"],
    });
    const result = readPluginEnvironment({
      HOLOMUSH_HOST_ADDRESS: "localhost:5000",
      HOLOMUSH_PLUGIN_NAME: "x",
      HOLOMUSH_PLUGIN_TOKEN: "t",
    });
    expect(result).toEqual({ missing: ["HOLOMUSH_HOST_ADDRESS (must be unix:<socket path>)"] });
    expect(missingEnvironmentMessage(["HOLOMUSH_PLUGIN_TOKEN"])).toMatch(/missing environment: HOLOMUSH_PLUGIN_TOKEN/);
  });
});
