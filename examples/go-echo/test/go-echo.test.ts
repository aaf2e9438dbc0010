/**
 * The Go SDK end to end: the real go-echo binary (built by `go build`)
 * spawned by the real process runtime, on a real unix socket.
 */
import { join } from "node:path";
import { createProcessRuntime } from "@holomush/host";
import { CommandStatus } from "@holomush/proto";
import { createTestHost, type TestHost } from "@holomush/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { goEchoUnbuilt } from "./built.js";

describe.skipIf(goEchoUnbuilt())("go-echo (Go process plugin)", () => {
  let t: TestHost;

  beforeAll(async () => {
    t = await createTestHost({ runtimes: [(host) => createProcessRuntime(host)] });
    await t.loadPluginDir(join(import.meta.dirname, ".."));
  }, 30_000);

  afterAll(async () => {
    await t.stop();
  });

  it("echoes a character's say on the same stream, as the plugin", async () => {
    const alice = await t.character("Alice");
    await t.deliver({ stream: "location:square", type: "say", payload: { message: "hello" }, actor: alice.actor });
    const echo = await t.expectEvent({ type: "say", actor: { kind: "plugin", id: "go-echo" } });
    expect(echo.stream).toBe("location:square");
    expect(JSON.parse(echo.payload)).toEqual({ message: "Echo: hello" });
  });

  it("answers a command with each status and the full request context", async () => {
    const bob = await t.character("Bob");
    expect(await bob.run("goconf status ok fine")).toMatchObject({ status: CommandStatus.OK, output: "fine" });
    expect(await bob.run("goconf status error your fault")).toMatchObject({
      status: CommandStatus.ERROR,
      output: "your fault",
    });
    expect(await bob.run("goconf status failure degraded")).toMatchObject({
      status: CommandStatus.FAILURE,
      output: "degraded",
    });
    const request = JSON.parse((await bob.run("goconf request a b")).output);
    expect(request).toMatchObject({
      command: "goconf",
      args: "request a b",
      characterId: bob.id,
      characterName: "Bob",
    });
    expect(request.sessionId).not.toBe("");
  });

  it("keeps KV in its own namespace", async () => {
    const bob = await t.character("Bob");
    expect((await bob.run("goconf kv-set color blue")).output).toBe("stored color");
    expect((await bob.run("goconf kv-get color")).output).toBe("blue");
    expect(await t.kv("go-echo").getText("color")).toBe("blue");
    await t.kv("other-plugin").set("colour", "red");
    expect((await bob.run("goconf kv-list col")).output).toBe("color");
    expect(await bob.run("goconf kv-get colour")).toMatchObject({ status: CommandStatus.ERROR });
  });

  it("is refused an emit to an undeclared namespace, with the host's code", async () => {
    const bob = await t.character("Bob");
    expect(await bob.run("goconf emit secret:x")).toMatchObject({
      status: CommandStatus.ERROR,
      output: "EMIT_NAMESPACE_UNDECLARED",
    });
    expect(t.emitted({ stream: "secret:*" })).toEqual([]);
    expect((await bob.run("goconf emit conf:x")).status).toBe(CommandStatus.OK);
  });

  it("joins, presents and leaves a focus with the focus error codes", async () => {
    const carol = await t.character("Carol");
    expect(await carol.run("goconf focus present s1")).toMatchObject({
      status: CommandStatus.ERROR,
      output: "FOCUS_NOT_MEMBER",
    });
    expect((await carol.run("goconf focus join s1")).output).toBe("scene:s1:ic,scene:s1:ooc");
    expect(await carol.run("goconf focus join s1")).toMatchObject({
      status: CommandStatus.ERROR,
      output: "FOCUS_ALREADY_MEMBER",
    });
    expect((await carol.run("goconf focus present s1")).output).toBe("presenting s1");
    expect((await carol.run("goconf focus leave s1")).output).toBe("left s1 (was member: true)");
    expect((await carol.run("goconf focus leave s1")).output).toBe("left s1 (was member: false)");
  });

  it("calls a required service (WorldService) through the host broker", async () => {
    const dave = await t.character("Dave");
    expect(await dave.run("goconf world")).toMatchObject({ status: CommandStatus.OK, output: "Dave" });
  });
});
