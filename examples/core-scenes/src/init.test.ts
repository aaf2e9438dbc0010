/**
 * Init needs a database: core-scenes declares `storage: postgres`. A host
 * without storage refuses to start it, and the plugin itself refuses an Init
 * that carries no connection string (SCENE_INIT_FAILED).
 */
import { create } from "@bufbuild/protobuf";
import { createProcessRuntime } from "@holomush/host";
import type { InitContext } from "@holomush/plugin-sdk";
import { ServiceConfigSchema } from "@holomush/proto";
import { createTestHost } from "@holomush/testkit";
import { describe, expect, it } from "vitest";
import { createCoreScenes, SceneInitError } from "./core-scenes.js";
import { PLUGIN_DIR } from "./test-support/scene-host.js";

describe("core-scenes Init", () => {
  it("is refused by a host that has no database", async () => {
    const t = await createTestHost({ runtimes: [(host) => createProcessRuntime(host)] });
    try {
      await expect(t.loadPluginDir(PLUGIN_DIR)).rejects.toMatchObject({
        plugin: "core-scenes",
        message: expect.stringContaining("declares storage: postgres but this host has no database"),
      });
    } finally {
      await t.stop();
    }
  }, 30_000);

  it("fails with a clear error when the connection string is missing", async () => {
    const { provider } = createCoreScenes();
    // Init checks its config before it touches anything the context offers.
    const unused = (): never => {
      throw new Error("Init must fail before using its context");
    };
    const context: InitContext = {
      connectService: unused,
      eventSink: { emit: unused, emitAll: unused },
      focusClient: {
        joinFocus: unused,
        leaveFocus: unused,
        leaveFocusByTarget: unused,
        presentFocus: unused,
        queryStreamHistory: unused,
      },
      kv: { get: unused, getText: unused, set: unused, delete: unused, list: unused },
    };
    const config = create(ServiceConfigSchema, {
      pluginName: "core-scenes",
      requiredServices: { "holomush.world.v1.WorldService": "broker:1" },
    });
    const init = provider.init?.(config, context);
    await expect(init).rejects.toBeInstanceOf(SceneInitError);
    await expect(init).rejects.toMatchObject({
      code: "SCENE_INIT_FAILED",
      message: expect.stringMatching(
        /^core-scenes: Init carried no connection string; plugin.yaml declares storage: postgres/,
      ),
    });
  });
});
