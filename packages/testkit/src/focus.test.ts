import { definePlugin } from "@holomush/host";
import { CommandStatus, FocusKind } from "@holomush/proto";
import { describe, expect, it } from "vitest";
import { useTestHost } from "./use-test-host.js";

// A tiny scene plugin: "join <scene>" joins the caller's session through the plugin host API.
const scenesManifest = {
  name: "scenes",
  version: "1.0.0",
  emits: ["scene"],
  commands: [{ name: "join", help: "join a scene", usage: "join <scene>" }],
};
const scenes = definePlugin({
  async handleCommand(request, context) {
    await context.host.joinFocus(request.sessionId, { kind: FocusKind.SCENE, targetId: request.args });
    return { status: CommandStatus.OK, output: `Joined ${request.args}.` };
  },
});

const testHost = useTestHost();

describe("focus", () => {
  it("shows a join made through the plugin host API in t.focus(), with the scene's streams", async () => {
    const t = await testHost();
    await t.loadPlugin(scenesManifest, scenes);
    const alice = await t.character("Alice");

    expect((await alice.run("join tea")).status).toBe(CommandStatus.OK);

    const focus = t.focus(alice);
    expect(focus.memberships.map((membership) => membership.target)).toEqual([
      { kind: FocusKind.SCENE, targetId: "tea" },
    ]);
    expect(focus.streams).toEqual(["location:square", `character:${alice.id}`, "scene:tea:ic", "scene:tea:ooc"]);
  });

  it("replays the scene's IC tail on join, then delivers live scene events", async () => {
    const t = await testHost();
    await t.loadPlugin(scenesManifest, scenes);
    const alice = await t.character("Alice");
    await t.deliver({ stream: "scene:tea:ic", type: "pose", payload: { message: "pours tea" } });
    await alice.expectNoEvent({ stream: "scene:*" });

    await alice.run("join tea");
    await t.deliver({ stream: "scene:tea:ooc", type: "say", payload: { message: "brb" }, actor: "system" });

    expect(alice.events({ stream: "scene:*" }).map((event) => event.type)).toEqual(["pose", "say"]);
    expect(await t.history("scene:tea:ic")).toHaveLength(1);
  });

  it("reports a join through the host's focus coordinator too", async () => {
    const t = await testHost();
    const bob = await t.character("Bob");

    await t.host.focus.join(bob.sessionId, { kind: FocusKind.SCENE, targetId: "duel" });
    await t.host.focus.present(bob.sessionId, { kind: FocusKind.SCENE, targetId: "duel" });

    expect(t.focus(bob).presenting).toEqual({ kind: FocusKind.SCENE, targetId: "duel" });
  });
});
