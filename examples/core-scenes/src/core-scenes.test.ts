/**
 * core-scenes as a plugin author tests it: the built plugin as a real child
 * process on the host's unix socket, its own database provisioned by the
 * host, driven through @holomush/testkit — once on the embedded engine
 * (PGlite) and once on the real PostgreSQL server. Each engine runs the
 * same story in order on one host; the last test restarts it.
 */
import type { Client } from "@connectrpc/connect";
import { Code, ConnectError } from "@connectrpc/connect";
import { definePlugin } from "@holomush/host";
import { CommandStatus, SceneService, SceneState } from "@holomush/proto";
import type { TestHost } from "@holomush/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgliteEngine, postgresEngine, type SceneEngine } from "./test-support/scene-engines.js";
import { sceneIdFrom, startSceneHost } from "./test-support/scene-host.js";

const engines: Array<[string, () => SceneEngine | Promise<SceneEngine>]> = [
  ["embedded PGlite", pgliteEngine],
  ["PostgreSQL", postgresEngine],
];

/** The Connect error code a rejected call carries. */
async function codeOf(call: Promise<unknown>): Promise<Code | "resolved"> {
  try {
    await call;
    return "resolved";
  } catch (error) {
    return ConnectError.from(error).code;
  }
}

describe.each(engines)("core-scenes on %s", (_engineName, makeEngine) => {
  let engine: SceneEngine;
  let t: TestHost;
  // Made by the first test, used by the later ones (the story runs in order).
  let tea = "";
  let duel = "";

  beforeAll(async () => {
    engine = await makeEngine();
    t = await startSceneHost(await engine.open());
  }, 60_000);

  afterAll(async () => {
    await t?.stop();
    await engine?.dispose();
  }, 30_000);

  it("plays a scene: create, join, pose, a second character catches up, leave", async () => {
    const alice = await t.character("Alice");
    const created = await alice.run("scene create Tea at the Mug --tags tea,Social");
    expect(created.status).toBe(CommandStatus.OK);
    tea = sceneIdFrom(created.output);
    expect(created.output).toBe(
      `You create scene ${tea} at Town Square: Tea at the Mug [tea, social]. Join it with: scene join ${tea}`,
    );

    const joined = await alice.run(`scene join ${tea}`);
    expect(joined.output).toBe(`You join scene ${tea}: Tea at the Mug (Town Square).\nNo poses yet.`);
    expect(t.focus(alice).memberships.map((membership) => membership.target.targetId)).toEqual([tea]);
    expect(t.focus(alice).streams).toEqual(expect.arrayContaining([`scene:${tea}:ic`, `scene:${tea}:ooc`]));
    // docs/focus.md: FOCUS_ALREADY_MEMBER is an idempotent success.
    expect((await alice.run(`scene join ${tea}`)).status).toBe(CommandStatus.OK);
    expect(t.focus(alice).memberships).toHaveLength(1);

    await alice.run(`scene pose ${tea} pours the tea.`);
    const pose = await t.expectEvent({ stream: `scene:${tea}:ic`, type: "pose", actor: alice });
    expect(JSON.parse(pose.payload)).toEqual({ message: "pours the tea.", name: "Alice" });
    await alice.expectEvent({ stream: `scene:${tea}:ic`, payload: { message: "pours the tea." } });
    for (const text of ["sips.", "hums.", "stirs.", "smiles.", "sets the pot down."]) {
      await alice.run(`scene pose ${tea} ${text}`);
    }

    const bob = await t.character("Bob");
    const early = await bob.run(`scene pose ${tea} waves.`);
    expect([early.status, early.output]).toEqual([CommandStatus.ERROR, `Join scene ${tea} first.`]);
    // A fresh join: the host's scene focus kind replays the IC tail to the joining session, so the
    // output does not list the same poses again (the joiner would see each one twice).
    expect((await bob.run(`scene join ${tea}`)).output).toBe(`You join scene ${tea}: Tea at the Mug (Town Square).`);
    await bob.expectEvent({ stream: `scene:${tea}:ic`, payload: { message: "smiles." } });
    // Joining again replays nothing: then the output lists the last five poses, oldest first.
    expect((await bob.run(`scene join ${tea}`)).output).toBe(
      [
        `You join scene ${tea}: Tea at the Mug (Town Square).`,
        "Recent poses:",
        "  Alice sips.",
        "  Alice hums.",
        "  Alice stirs.",
        "  Alice smiles.",
        "  Alice sets the pot down.",
      ].join("\n"),
    );
    await bob.run(`scene pose ${tea} waves.`);
    await alice.expectEvent({ stream: `scene:${tea}:ic`, actor: bob, payload: { message: "waves." } });
    expect((await bob.run("scenes")).output).toBe(
      `Open scenes:\n  ${tea}  Tea at the Mug — at Town Square, 2 participants [tea, social]`,
    );

    expect((await alice.run(`scene leave ${tea}`)).output).toBe(`You leave scene ${tea}: Tea at the Mug.`);
    expect(t.focus(alice).memberships).toEqual([]);
    expect((await alice.run(`scene leave ${tea}`)).output).toBe(`You were not in scene ${tea}.`);
    expect((await alice.run(`scene pose ${tea} returns.`)).output).toBe(`Join scene ${tea} first.`);
    expect((await bob.run("scene list")).output).toBe(
      `Open scenes:\n  ${tea}  Tea at the Mug — at Town Square, 1 participant [tea, social]`,
    );
  });

  it("lists open scenes newest first, filters by tags, closes scenes and refuses bad input", async () => {
    const carol = await t.character("Carol");
    t.world.move(carol.id, "east");
    duel = sceneIdFrom((await carol.run("scene create Duel at dawn --tags duel")).output);
    expect((await carol.run(`scene join ${duel}`)).output).toMatch(/\(Quiet Garden\)\.\nNo poses yet\.$/);
    expect((await carol.run("scenes")).output).toBe(
      [
        "Open scenes:",
        `  ${duel}  Duel at dawn — at Quiet Garden, 1 participant [duel]`,
        `  ${tea}  Tea at the Mug — at Town Square, 1 participant [tea, social]`,
      ].join("\n"),
    );
    expect((await carol.run("scenes --tags duel")).output).toBe(
      `Open scenes:\n  ${duel}  Duel at dawn — at Quiet Garden, 1 participant [duel]`,
    );
    expect((await carol.run("scenes --tags duel,tea")).output).toBe("No open scenes with those tags.");

    const refusals: Array<[string, string]> = [
      [
        "scene",
        "usage: scene create <title> [--tags a,b] | scene join <id> | scene leave <id> | scene pose <id> <text> | scene close <id> | scene list",
      ],
      ["scene create", "usage: scene create <title> [--tags a,b]"],
      ["scene create --tags x", "usage: scene create <title> [--tags a,b]"],
      [`scene create ${"x".repeat(121)}`, "Title must be at most 120 characters."],
      [
        "scene create Party --tags no!",
        'Tag "no!" must be 1-32 characters of a-z, 0-9, _ or -.\nusage: scene create <title> [--tags a,b]',
      ],
      // Everything after --tags is the tag list: nothing slips into the title.
      [
        "scene create x --tags BAD TAG!",
        'Tag "bad tag!" must be 1-32 characters of a-z, 0-9, _ or -.\nusage: scene create <title> [--tags a,b]',
      ],
      ["scene join 01NOSUCHSCENE0000000000000", "No scene 01NOSUCHSCENE0000000000000."],
      [`scene pose ${duel}`, "usage: scene pose <id> <text>"],
      ["scenes everything", "usage: scenes [--tags tag1,tag2]"],
    ];
    for (const [line, message] of refusals) {
      const outcome = await carol.run(line);
      expect([line, outcome.status, outcome.output]).toEqual([line, CommandStatus.ERROR, message]);
    }

    const dave = await t.character("Dave");
    expect((await dave.run(`scene close ${duel}`)).output).toBe(`Only the scene's owner may close scene ${duel}.`);
    expect((await carol.run(`scene close ${duel}`)).output).toBe(`You close scene ${duel}: Duel at dawn.`);
    // Closing drops the scene from every session's focus (LeaveFocusByTarget).
    expect(t.focus(carol).memberships).toEqual([]);
    expect((await carol.run("scenes --tags duel")).output).toBe("No open scenes with those tags.");
    expect((await dave.run(`scene join ${duel}`)).output).toBe(`Scene ${duel} is closed.`);
    expect((await carol.run(`scene pose ${duel} sighs.`)).output).toBe(`Scene ${duel} is closed.`);
  });

  it("serves SceneService to another plugin through the host", async () => {
    let scenes: Client<typeof SceneService> | undefined;
    await t.loadPlugin(
      { name: "scene-reader", version: "1.0.0", requires: ["holomush.scene.v1.SceneService"] },
      definePlugin({
        startup(context) {
          scenes = context.client(SceneService);
        },
      }),
    );
    if (scenes === undefined) throw new Error("scene-reader did not start");
    const bob = await t.character("Bob");

    const { scene } = await scenes.getScene({ sceneId: tea });
    expect(scene).toMatchObject({
      id: tea,
      title: "Tea at the Mug",
      locationId: "square",
      state: SceneState.ACTIVE,
      participantIds: [bob.id],
      tags: ["tea", "social"],
    });
    expect(Number(scene?.createdAt)).toBeGreaterThan(0);

    const made = (
      await scenes.createScene({ characterId: bob.id, title: "  Market day ", locationId: "square", tags: ["svc"] })
    ).scene;
    expect(made).toMatchObject({ title: "Market day", ownerId: bob.id, participantIds: [], tags: ["svc"] });
    const id = made?.id ?? "";
    expect((await scenes.joinScene({ sceneId: id, characterId: "01CHARACTERX" })).scene?.participantIds).toEqual([
      "01CHARACTERX",
    ]);
    expect((await scenes.listScenes({ tags: ["svc"] })).scenes.map((s) => s.id)).toEqual([id]);
    expect((await scenes.listScenes({})).scenes.map((s) => s.id)).toEqual([id, tea]);
    expect((await scenes.listScenes({ includeClosed: true })).scenes.map((s) => s.id)).toEqual([id, duel, tea]);
    expect((await scenes.leaveScene({ sceneId: id, characterId: "01CHARACTERX" })).scene?.participantIds).toEqual([]);

    expect(await codeOf(scenes.createScene({ characterId: bob.id, title: " ", locationId: "square" }))).toBe(
      Code.InvalidArgument,
    );
    expect(await codeOf(scenes.createScene({ characterId: "", title: "x", locationId: "square" }))).toBe(
      Code.InvalidArgument,
    );
    expect(await codeOf(scenes.getScene({ sceneId: "" }))).toBe(Code.InvalidArgument);
    expect(await codeOf(scenes.getScene({ sceneId: "01NOSUCHSCENE0000000000000" }))).toBe(Code.NotFound);
    expect(await codeOf(scenes.joinScene({ sceneId: duel, characterId: bob.id }))).toBe(Code.FailedPrecondition);
    expect(await codeOf(scenes.listScenes({ tags: ["Not a tag"] }))).toBe(Code.InvalidArgument);
  });

  it("keeps scenes and their history across a restart of the host", async () => {
    await t.stop();
    t = await startSceneHost(await engine.open());

    // The world is the demo host's in-memory one: characters are new, scenes are not.
    const erin = await t.character("Erin");
    const listing = (await erin.run("scenes")).output.split("\n");
    expect(listing).toEqual([
      "Open scenes:",
      expect.stringMatching(/ Market day — at Town Square, 0 participants \[svc\]$/),
      `  ${tea}  Tea at the Mug — at Town Square, 1 participant [tea, social]`,
    ]);
    // The host kept the scene's stream history too (host storage on the same engine).
    await erin.run(`scene join ${tea}`);
    await erin.expectEvent({ stream: `scene:${tea}:ic`, payload: { message: "waves." } });
    expect((await erin.run(`scene join ${tea}`)).output).toMatch(/Recent poses:\n(.*\n){4} {2}Bob waves\.$/);
    expect(t.focus(erin).memberships.map((membership) => membership.target.targetId)).toEqual([tea]);

    if (engine.adminQuery) {
      // On PostgreSQL the plugin's tables live in its own schema, migrated once.
      const { rows } = await engine.adminQuery(
        "SELECT version::int, name FROM plugin_core_scenes.plugin_migrations ORDER BY version",
      );
      expect(rows).toEqual([
        { version: 1, name: "create_scenes" },
        { version: 2, name: "create_scene_participants" },
        { version: 3, name: "add_scene_tags" },
      ]);
    }
  }, 60_000);
});
