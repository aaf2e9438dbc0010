/**
 * A plugin's log line carries the plugin's name once, set by the host: the
 * plugin's own fields cannot repeat it (a JSON line with two "plugin" keys
 * reads as the last one in most tools) nor forge the host's other keys.
 */
import { LogLevel } from "@holomush/proto";
import { describe, expect, it } from "vitest";
import type { ManifestSource } from "../manifest/manifest.js";
import { captureLogs, duplicateKeys } from "../reliability/__fixtures__/log-capture.js";
import { createPluginHostApi, type PluginHostApiDeps } from "./create-plugin-host-api.js";

const source = { manifest: { name: "honest" }, dir: "/plugins/honest", file: "/plugins/honest/plugin.yaml" };

describe("a plugin's log fields", () => {
  it("cannot repeat or forge the host's keys: they are kept as field.<key>", () => {
    const logs = captureLogs("debug");
    // Logging touches only the logger; the other dependencies are never called.
    const deps = { logger: logs.logger } as unknown as PluginHostApiDeps;
    const api = createPluginHostApi(source as unknown as ManifestSource, deps);
    api.log(LogLevel.WARN, "hello", { plugin: "victim", source: "host", msg: "forged", room: "square" });
    expect(logs.raw).toHaveLength(1);
    expect(duplicateKeys(logs.raw[0] as string)).toEqual([]);
    expect(logs.lines()[0]).toMatchObject({
      plugin: "honest",
      source: "plugin",
      msg: "hello",
      room: "square",
      "field.plugin": "victim",
      "field.source": "host",
      "field.msg": "forged",
    });
  });
});
