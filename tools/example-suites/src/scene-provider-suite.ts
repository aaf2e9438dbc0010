/**
 * A plugin PROVIDING SceneService, whatever its language: an in-process
 * plugin that requires the service calls it through the host, which tunnels
 * the call over the provider's stream. The provider answers GetScene for
 * "s1" with "The Salty Mug, asked by <caller>" (it sees who called) and
 * NotFound ("no scene <id>") for anything else.
 */
import { ConnectError } from "@connectrpc/connect";
import { definePlugin } from "@holomush/host";
import { CommandStatus, SceneService } from "@holomush/proto";
import { createTestHost, type TestHost, type TestRuntime } from "@holomush/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

export interface SceneProviderSuite {
  /** The describe() title. */
  title: string;
  runtimes: TestRuntime[];
  /** Skip the suite (not built here). */
  skip?: boolean;
  /** Makes the provider's plugin directory (builds it, writes its launcher); returns it and how to clean up. */
  prepare(): { dir: string; cleanup(): void } | Promise<{ dir: string; cleanup(): void }>;
  /** How long prepare may take (a `go build` on a busy machine). */
  prepareTimeoutMs?: number;
}

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

export function describeSceneProvider(suite: SceneProviderSuite): void {
  describe.skipIf(suite.skip ?? false)(suite.title, () => {
    let t: TestHost | undefined;
    let cleanup = () => {};

    beforeAll(async () => {
      const prepared = await suite.prepare();
      cleanup = prepared.cleanup;
      t = await createTestHost({ runtimes: suite.runtimes });
      await t.loadPluginDir(prepared.dir);
      await t.loadPlugin(
        {
          name: "scene-caller",
          version: "1.0.0",
          requires: ["holomush.scene.v1.SceneService"],
          commands: [{ name: "getscene", help: "look a scene up" }],
        },
        caller,
      );
    }, suite.prepareTimeoutMs ?? 60_000);

    afterAll(async () => {
      await t?.stop();
      cleanup();
    });

    it("answers a call tunnelled through the host, seeing who called", async () => {
      const outcome = await (await (t as TestHost).character("Alice")).run("getscene s1");
      expect(outcome).toMatchObject({ status: CommandStatus.OK, output: "The Salty Mug, asked by scene-caller" });
    });

    it("returns the handler's Connect error code to the caller", async () => {
      const outcome = await (await (t as TestHost).character("Alice")).run("getscene nope");
      expect(outcome).toMatchObject({ status: CommandStatus.ERROR, output: "5: no scene nope" });
    });
  });
}
