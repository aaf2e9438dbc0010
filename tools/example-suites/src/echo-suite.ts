/**
 * The echo scenarios every echo example passes, whatever its language: a
 * character's `say` comes back on the same stream as `Echo: <message>`, from
 * the plugin; plugin actors, other event types and empty messages do not.
 * With `probeCommand`, also the conformance probe (conformance/README.md)
 * that go-echo and py-echo answer: command statuses and the request's
 * context, KV isolation, the emit fence, focus codes, a required service.
 */
import type { CommandStatus as CommandStatusType } from "@holomush/proto";
import { CommandStatus } from "@holomush/proto";
import { createTestHost, type TestHost, type TestRuntime } from "@holomush/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

export interface EchoPluginSuite {
  /** The describe() title, e.g. "go-echo (Go process plugin)". */
  title: string;
  /** The plugin's manifest name (the echo's actor id, its KV namespace). */
  plugin: string;
  /** The plugin directory (its plugin.yaml). */
  dir: string;
  /** The runtimes the plugin needs (`createWasmRuntime()`, a process runtime factory...). */
  runtimes: TestRuntime[];
  /** Skip the suite (the plugin is not built here: `skipUnbuilt`). */
  skip?: boolean;
  /** The plugin's conformance probe command (`goconf`, `pyconf`): adds the probe's scenarios. */
  probeCommand?: string;
}

export function describeEchoPlugin(suite: EchoPluginSuite): void {
  describe.skipIf(suite.skip ?? false)(suite.title, () => {
    let t: TestHost;
    const self = { kind: "plugin" as const, id: suite.plugin };

    beforeAll(async () => {
      t = await createTestHost({ runtimes: suite.runtimes });
      await t.loadPluginDir(suite.dir);
    }, 30_000);

    afterAll(async () => {
      await t?.stop();
    });

    it("echoes a character's say on the same stream, as the plugin", async () => {
      const alice = await t.character("Alice");
      await t.deliver({ stream: "location:square", type: "say", payload: { message: "hello" }, actor: alice.actor });
      const echo = await t.expectEvent({ type: "say", actor: self });
      expect(echo.stream).toBe("location:square");
      expect(JSON.parse(echo.payload)).toEqual({ message: "Echo: hello" });
      // Alice is in the square, so her session sees the echo too.
      await alice.expectEvent({ type: "say", payload: { message: "Echo: hello" } });
    });

    it("ignores plugin actors, other event types and empty or missing messages", async () => {
      const before = t.emitted({ actor: self }).length;
      const square = "location:square";
      await t.deliver({
        stream: square,
        type: "say",
        payload: { message: "loop?" },
        actor: { kind: "plugin", id: "x" },
      });
      await t.deliver({ stream: square, type: "pose", payload: { message: "waves" } });
      await t.deliver({ stream: square, type: "say", payload: { message: "" } });
      await t.deliver({ stream: square, type: "say", payload: {} });
      await t.idle();
      expect(t.emitted({ actor: self })).toHaveLength(before);
    });

    const probe = suite.probeCommand;
    if (probe === undefined) return;
    const outcome = (status: CommandStatusType, output: string) => ({ status, output });

    it("answers a command with each status and the full request context", async () => {
      const bob = await t.character("Bob");
      expect(await bob.run(`${probe} status ok fine`)).toMatchObject(outcome(CommandStatus.OK, "fine"));
      expect(await bob.run(`${probe} status error your fault`)).toMatchObject(
        outcome(CommandStatus.ERROR, "your fault"),
      );
      expect(await bob.run(`${probe} status failure degraded`)).toMatchObject(
        outcome(CommandStatus.FAILURE, "degraded"),
      );
      const request = JSON.parse((await bob.run(`${probe} request a b`)).output);
      expect(request).toMatchObject({ command: probe, args: "request a b", characterId: bob.id, characterName: "Bob" });
      expect(request.sessionId).not.toBe("");
    });

    it("keeps KV in its own namespace", async () => {
      const bob = await t.character("Bob");
      expect((await bob.run(`${probe} kv-set color blue`)).output).toBe("stored color");
      expect((await bob.run(`${probe} kv-get color`)).output).toBe("blue");
      expect(await t.kv(suite.plugin).getText("color")).toBe("blue");
      await t.kv("other-plugin").set("colour", "red");
      expect((await bob.run(`${probe} kv-list col`)).output).toBe("color");
      expect(await bob.run(`${probe} kv-get colour`)).toMatchObject({ status: CommandStatus.ERROR });
    });

    it("is refused an emit to an undeclared namespace, with the host's code", async () => {
      const bob = await t.character("Bob");
      expect(await bob.run(`${probe} emit secret:x`)).toMatchObject(
        outcome(CommandStatus.ERROR, "EMIT_NAMESPACE_UNDECLARED"),
      );
      expect(t.emitted({ stream: "secret:*" })).toEqual([]);
      expect((await bob.run(`${probe} emit conf:x`)).status).toBe(CommandStatus.OK);
    });

    it("joins, presents and leaves a focus with the focus error codes", async () => {
      const carol = await t.character("Carol");
      expect(await carol.run(`${probe} focus present s1`)).toMatchObject(
        outcome(CommandStatus.ERROR, "FOCUS_NOT_MEMBER"),
      );
      expect((await carol.run(`${probe} focus join s1`)).output).toBe("scene:s1:ic,scene:s1:ooc");
      expect(await carol.run(`${probe} focus join s1`)).toMatchObject(
        outcome(CommandStatus.ERROR, "FOCUS_ALREADY_MEMBER"),
      );
      expect((await carol.run(`${probe} focus present s1`)).output).toBe("presenting s1");
      expect((await carol.run(`${probe} focus leave s1`)).output).toBe("left s1 (was member: true)");
      expect((await carol.run(`${probe} focus leave s1`)).output).toBe("left s1 (was member: false)");
    });

    it("calls a required service (WorldService) through the host broker", async () => {
      const dave = await t.character("Dave");
      expect(await dave.run(`${probe} world`)).toMatchObject(outcome(CommandStatus.OK, "Dave"));
    });
  });
}
