/**
 * The greeter as a plugin author tests it: a real child process on a real
 * unix socket, driven through @holomush/testkit.
 */
import { join } from "node:path";
import { createProcessRuntime } from "@holomush/host";
import { createTestHost, type TestHost } from "@holomush/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const pluginDir = join(import.meta.dirname, "..");

describe("greeter (process plugin)", () => {
  let t: TestHost;

  beforeAll(async () => {
    t = await createTestHost({ runtimes: [(host) => createProcessRuntime(host)] });
    await t.loadPluginDir(pluginDir);
  }, 30_000);

  afterAll(async () => {
    await t.stop();
  });

  it("waves at arriving characters (handleEvent)", async () => {
    const alice = await t.character("Alice");
    const wave = await t.expectEvent({ type: "wave", actor: { kind: "plugin", id: "greeter" } });
    expect(JSON.parse(wave.payload)).toEqual({ to: "Alice", message: "The greeter waves at Alice." });
    expect(alice.name).toBe("Alice");
  });

  it("counts its waves in its own KV namespace (KvClient through the host service)", async () => {
    await t.character("Wave1");
    await t.character("Wave2");
    await t.idle();
    const counted = Number(await t.kv("greeter").getText("waves"));
    expect(counted).toBeGreaterThanOrEqual(2);
    const outcome = await (await t.character("Wave1")).run("waves");
    expect(outcome.output).toBe(`I have waved at ${counted} arrivals.`);
  });

  it("greets with a response and an event published as the character", async () => {
    const bob = await t.character("Bob");
    const outcome = await bob.run("greet Alice");
    // One line for everyone, the actor included: the event, no second "You greet" line.
    expect(outcome.output).toBe("");
    const greet = await t.expectEvent({ type: "greet", payload: { from: "Bob", to: "Alice" } });
    expect(greet.actorId).toBe(bob.id);
  });

  it("rolls dice and announces them through its EventSink (as the plugin)", async () => {
    const bob = await t.character("Bob");
    const outcome = await bob.run("roll 3d4");
    expect(outcome.output).toBe("");
    const roll = await t.expectEvent({ type: "roll", actor: { kind: "plugin", id: "greeter" } });
    const { rolls, total, message } = JSON.parse(roll.payload) as { rolls: number[]; total: number; message: string };
    expect(message).toMatch(/^Bob rolls 3d4: \d \+ \d \+ \d = \d+\.$/);
    expect(rolls).toHaveLength(3);
    expect(total).toBe(rolls.reduce((a, b) => a + b, 0));
    expect((await bob.run("roll 0d6")).output).toMatch(/^usage/);
  });

  it("joins, presents and leaves a scene through FocusClient", async () => {
    const carol = await t.character("Carol");
    expect((await carol.run("focus present s9")).output).toBe("Join scene s9 first.");
    expect((await carol.run("focus join s9")).output).toBe("You join scene s9 (scene:s9:ic, scene:s9:ooc).");
    expect(t.focus(carol).memberships.map((m) => m.target.targetId)).toEqual(["s9"]);
    expect((await carol.run("focus present s9")).output).toBe("You now present scene s9.");
    expect(t.focus(carol).presenting?.targetId).toBe("s9");
    expect((await carol.run("focus join s9")).output).toBe("You are already in scene s9.");
    expect((await carol.run("focus leave s9")).output).toBe("You leave scene s9.");
    expect(t.focus(carol).memberships).toEqual([]);
  });
});
