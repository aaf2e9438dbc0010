/**
 * A Python plugin PROVIDING a service (a generated grpcio servicer
 * registered in register_services), from testdata/scene-provider, spawned by the
 * real host; an in-process plugin that requires the service calls it through
 * the host, which tunnels the call over the Python plugin's stream.
 */
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConnectError } from "@connectrpc/connect";
import { createProcessRuntime, definePlugin } from "@holomush/host";
import { CommandStatus, SceneService } from "@holomush/proto";
import { createTestHost, type TestHost } from "@holomush/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pyEchoUnbuilt } from "./built.js";

const caller = definePlugin({
  async handleCommand(request, context) {
    try {
      const { scene } = await context.client(SceneService).getScene({ sceneId: request.args });
      return { status: CommandStatus.OK, output: scene?.title ?? "" };
    } catch (error) {
      const wire = ConnectError.from(error);
      return { status: CommandStatus.ERROR, output: `${wire.code}: ${wire.rawMessage}` };
    }
  },
});

describe.skipIf(pyEchoUnbuilt())("a Python plugin providing SceneService", () => {
  let t: TestHost;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "py-scene-provider-"));
    const source = join(import.meta.dirname, "..", "testdata", "scene-provider");
    copyFileSync(join(source, "plugin.yaml"), join(dir, "plugin.yaml"));
    // The launcher runs the provider in py-echo's venv (made by `pnpm build`).
    const python = join(import.meta.dirname, "..", ".venv", "bin", "python");
    const launcher = join(dir, "scene-provider");
    writeFileSync(launcher, `#!/bin/sh\nexec ${python} ${join(source, "scene_provider.py")}\n`);
    chmodSync(launcher, 0o755);
    t = await createTestHost({ runtimes: [(host) => createProcessRuntime(host)] });
    await t.loadPluginDir(dir);
    await t.loadPlugin(
      {
        name: "scene-caller",
        version: "1.0.0",
        requires: ["holomush.scene.v1.SceneService"],
        commands: [{ name: "getscene", help: "look a scene up" }],
      },
      caller,
    );
  }, 60_000);

  afterAll(async () => {
    await t?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers a call tunnelled through the host, seeing who called", async () => {
    const outcome = await (await t.character("Alice")).run("getscene s1");
    expect(outcome).toMatchObject({ status: CommandStatus.OK, output: "The Salty Mug, asked by scene-caller" });
  });

  it("returns the handler's Connect error code to the caller", async () => {
    const outcome = await (await t.character("Alice")).run("getscene nope");
    expect(outcome).toMatchObject({ status: CommandStatus.ERROR, output: "5: no scene nope" });
  });
});
