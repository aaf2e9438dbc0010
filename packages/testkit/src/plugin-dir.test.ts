import { join } from "node:path";
import type { PluginInstance, PluginRuntime } from "@holomush/host";
import { CommandStatus } from "@holomush/proto";
import { describe, expect, it } from "vitest";
import { createTestHost } from "./create-test-host.js";
import { PluginLoadError } from "./plugin-load-error.js";
import { useTestHost } from "./use-test-host.js";

const fixtures = join(import.meta.dirname, "__fixtures__");

// Stands in for createWasmRuntime() / createProcessRuntime(): any PluginRuntime plugs in the same way.
function scriptedRuntime(): PluginRuntime & { loaded: string[] } {
  const loaded: string[] = [];
  return {
    type: "lua",
    loaded,
    async load(context): Promise<PluginInstance> {
      loaded.push(context.source.dir);
      return {
        handleEvent: async () => undefined,
        handleCommand: async () => ({ status: CommandStatus.OK, output: "pong" }),
        shutdown: async () => undefined,
      };
    },
  };
}

const testHost = useTestHost();

describe("plugin directories", () => {
  it("loads an in-process plugin directory and drives it like any other plugin", async () => {
    const t = await testHost();
    const report = await t.loadPluginDir(join(fixtures, "greeter"));
    expect(report.loaded).toEqual(["greeter"]);

    const alice = await t.character("Alice");

    await alice.expectEvent({ type: "welcome", payload: { message: "Welcome, Alice!" } });
    expect((await alice.run("greet Bob")).output).toBe("Alice greets Bob.");
    expect(t.plugins()).toEqual([
      expect.objectContaining({ name: "greeter", state: "running", type: "inproc", dir: join(fixtures, "greeter") }),
    ]);
  });

  it("throws the host's coded error when a directory does not load", async () => {
    const t = await testHost();

    const failure = await t.loadPluginDir(join(fixtures, "broken")).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(PluginLoadError);
    expect(failure).toMatchObject({ code: "PLUGIN_LOAD_FAILED", plugin: "broken" });
    expect((failure as PluginLoadError).message).toMatch(/exports neither createPlugin\(\) nor a plugin object/);
    expect((failure as PluginLoadError).report.failed.map((entry) => entry.name)).toEqual(["broken"]);
    await expect(t.loadPluginDir(join(fixtures, "missing"))).rejects.toMatchObject({ code: "MANIFEST_NOT_FOUND" });
  });

  it("needs the runtime for the plugin's type: RUNTIME_UNAVAILABLE without it", async () => {
    const t = await testHost();

    await expect(t.loadPluginDir(join(fixtures, "scripted"))).rejects.toMatchObject({
      code: "RUNTIME_UNAVAILABLE",
      plugin: "scripted",
    });
  });

  it("loads other plugin types through the runtimes option", async () => {
    const runtime = scriptedRuntime();
    const t = await createTestHost({ runtimes: [runtime], pluginDirs: [join(fixtures, "scripted")] });
    try {
      const alice = await t.character("Alice");
      expect((await alice.run("ping")).output).toBe("pong");
      expect(runtime.loaded).toEqual([join(fixtures, "scripted")]);
    } finally {
      await t.stop();
    }
  });

  it("creates a runtime that needs the host from a factory, on first use", async () => {
    const runtime = scriptedRuntime();
    const seen: string[] = [];
    const t = await createTestHost({
      runtimes: [
        {
          type: "lua",
          create(host) {
            seen.push(host.services.resolve("holomush.world.v1.WorldService")?.owner ?? "none");
            return runtime;
          },
        },
      ],
    });
    try {
      expect(seen).toEqual([]);
      await t.loadPluginDir(join(fixtures, "scripted"));
      expect(seen).toEqual(["host"]);
      expect((await (await t.character("Alice")).run("ping")).output).toBe("pong");
    } finally {
      await t.stop();
    }
  });

  it("loads the plugins given at start together (so one may depend on another), then the directories", async () => {
    const t = await createTestHost({
      plugins: [
        { manifest: { name: "top", version: "1.0.0", dependencies: [{ name: "base" }] }, plugin: {} },
        { manifest: { name: "base", version: "1.0.0" }, plugin: {} },
      ],
      pluginDirs: [join(fixtures, "greeter")],
    });
    try {
      expect(t.plugins().map((status) => status.name)).toEqual(["base", "top", "greeter"]);
    } finally {
      await t.stop();
    }
  });

  it("fails createTestHost itself when a plugin given at start does not load", async () => {
    await expect(
      createTestHost({
        searchPaths: [fixtures],
        plugins: [{ manifest: { name: "extra", version: "1.0.0" }, plugin: {} }],
      }),
    ).rejects.toMatchObject({
      code: "PLUGIN_LOAD_FAILED",
      message: expect.stringMatching(/broken[\s\S]*RUNTIME_UNAVAILABLE/),
    });
  });
});
