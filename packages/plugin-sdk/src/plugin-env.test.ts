import { describe, expect, it } from "vitest";
import { missingEnvironmentMessage, readPluginEnvironment } from "./plugin-env.js";

describe("readPluginEnvironment", () => {
  it("reads what the host hands a spawned plugin: a descriptor, no secret", () => {
    expect(
      readPluginEnvironment({
        HOLOMUSH_HOST_FD: "3",
        HOLOMUSH_PLUGIN_NAME: "greeter",
        HOLOMUSH_PLUGIN_VERSION: "1.0.0",
        HOLOMUSH_API_VERSIONS: "v1, v2",
        HOLOMUSH_STDIN_LIFELINE: "1",
      }),
    ).toEqual({
      endpoint: { fd: 3 },
      name: "greeter",
      version: "1.0.0",
      hostApiVersions: ["v1", "v2"],
      stdinLifeline: true,
    });
  });

  it("reads a dial-in plugin's address and token, from the environment or a file", () => {
    const base = { HOLOMUSH_HOST_ADDRESS: "unix:/run/holomush/host.sock", HOLOMUSH_PLUGIN_NAME: "greeter" };
    expect(readPluginEnvironment({ ...base, HOLOMUSH_PLUGIN_TOKEN: "secret" })).toMatchObject({
      endpoint: { socketPath: "/run/holomush/host.sock", token: "secret" },
      stdinLifeline: false,
    });
    const files: string[] = [];
    const fromFile = readPluginEnvironment({ ...base, HOLOMUSH_PLUGIN_TOKEN_FILE: "/run/t" }, (file) => {
      files.push(file);
      return "from-file\n";
    });
    expect(fromFile).toMatchObject({ endpoint: { token: "from-file" } });
    expect(files).toEqual(["/run/t"]);
    const unreadable = readPluginEnvironment({ ...base, HOLOMUSH_PLUGIN_TOKEN_FILE: "/nope" }, () => {
      throw Object.assign(new Error("no"), { code: "ENOENT" });
    });
    expect(unreadable).toEqual({ missing: ["HOLOMUSH_PLUGIN_TOKEN_FILE (cannot read /nope: ENOENT)"] });
  });

  it("names every missing or malformed variable", () => {
    expect(readPluginEnvironment({})).toEqual({
      missing: ["HOLOMUSH_PLUGIN_NAME", "HOLOMUSH_HOST_ADDRESS", "HOLOMUSH_PLUGIN_TOKEN"],
    });
    const result = readPluginEnvironment({
      HOLOMUSH_HOST_ADDRESS: "localhost:5000",
      HOLOMUSH_PLUGIN_NAME: "x",
      HOLOMUSH_PLUGIN_TOKEN: "t",
    });
    expect(result).toEqual({ missing: ["HOLOMUSH_HOST_ADDRESS (must be unix:<socket path>)"] });
    expect(readPluginEnvironment({ HOLOMUSH_HOST_FD: "1", HOLOMUSH_PLUGIN_NAME: "x" })).toEqual({
      missing: ["HOLOMUSH_HOST_FD (must be a descriptor number above 2)"],
    });
    expect(missingEnvironmentMessage(["HOLOMUSH_PLUGIN_TOKEN"])).toMatch(/missing environment: HOLOMUSH_PLUGIN_TOKEN/);
  });
});
