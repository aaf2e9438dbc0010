/**
 * core-scenes in Go, end to end: the built binary spawned by the real host's
 * process runtime on a real socket, its schema provisioned by the host on the
 * real PostgreSQL server, migrated by the plugin with storage.RunMigrationsFS.
 * A player plays a scene (focus through FocusClient), another plugin calls
 * SceneService through the host, and a restarted host re-runs the migrations
 * without applying anything twice. The story runs in order on one database.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Client } from "@connectrpc/connect";
import { Code, ConnectError } from "@connectrpc/connect";
import { createProcessRuntime, definePlugin } from "@holomush/host";
import { CommandStatus, SceneService, SceneState } from "@holomush/proto";
import { createTestHost, type TestHost } from "@holomush/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { goScenesUnbuilt, PACKAGE_DIR, PLUGIN_DIR } from "./built.js";
import { createSceneDatabase, type SceneDatabase } from "./scene-database.js";

async function startHost(database: SceneDatabase): Promise<TestHost> {
  const t = await createTestHost({
    runtimes: [(host) => createProcessRuntime(host)],
    host: { storage: await database.open() },
  });
  try {
    await t.loadPluginDir(PLUGIN_DIR);
  } catch (error) {
    await t.stop();
    throw error;
  }
  return t;
}

function sceneIdFrom(output: string): string {
  const match = /^You create scene ([0-9A-Z]{26}) /.exec(output);
  if (!match?.[1]) throw new Error(`no scene id in ${JSON.stringify(output)}`);
  return match[1];
}

async function codeOf(call: Promise<unknown>): Promise<Code | "resolved"> {
  try {
    await call;
    return "resolved";
  } catch (error) {
    return ConnectError.from(error).code;
  }
}

const MIGRATIONS = "SELECT version::int, name, applied_at FROM plugin_core_scenes.plugin_migrations ORDER BY version";

describe.skipIf(goScenesUnbuilt())("core-scenes in Go, on PostgreSQL through the real host", () => {
  let database: SceneDatabase;
  let t: TestHost;
  let tea = "";

  beforeAll(async () => {
    database = await createSceneDatabase();
    t = await startHost(database);
  }, 60_000);

  afterAll(async () => {
    await t?.stop();
    await database?.dispose();
  }, 30_000);

  it("lets a player start a scene: create, join (focus), pose, a second player catches up, close", async () => {
    const alice = await t.character("Alice");
    const created = await alice.run("scene create Tea at the Mug --tags tea,Social");
    tea = sceneIdFrom(created.output);
    expect(created).toMatchObject({
      status: CommandStatus.OK,
      output: `You create scene ${tea} at Town Square: Tea at the Mug [tea, social]. Join it with: scene join ${tea}`,
    });
    expect((await alice.run(`scene join ${tea}`)).output).toBe(
      `You join scene ${tea}: Tea at the Mug (Town Square).\nNo poses yet.`,
    );
    expect(t.focus(alice).memberships.map((membership) => membership.target.targetId)).toEqual([tea]);
    expect(t.focus(alice).streams).toEqual(expect.arrayContaining([`scene:${tea}:ic`, `scene:${tea}:ooc`]));

    await alice.run(`scene pose ${tea} pours the tea.`);
    const pose = await t.expectEvent({ stream: `scene:${tea}:ic`, type: "pose", actor: alice });
    expect(JSON.parse(pose.payload)).toEqual({ message: "pours the tea.", name: "Alice" });
    await alice.run(`scene pose ${tea} sips.`);

    const bob = await t.character("Bob");
    expect(await bob.run(`scene pose ${tea} waves.`)).toMatchObject({
      status: CommandStatus.ERROR,
      output: `Join scene ${tea} first.`,
    });
    // A fresh join: the host replays the IC tail, so the output does not list it again.
    expect((await bob.run(`scene join ${tea}`)).output).toBe(`You join scene ${tea}: Tea at the Mug (Town Square).`);
    await bob.expectEvent({ stream: `scene:${tea}:ic`, payload: { message: "sips." } });
    // An idempotent re-join (FOCUS_ALREADY_MEMBER) replays nothing: the output lists the poses.
    expect((await bob.run(`scene join ${tea}`)).output).toBe(
      `You join scene ${tea}: Tea at the Mug (Town Square).\nRecent poses:\n  Alice pours the tea.\n  Alice sips.`,
    );
    expect((await bob.run("scenes --tags social")).output).toBe(
      `Open scenes:\n  ${tea}  Tea at the Mug — at Town Square, 2 participants [tea, social]`,
    );
    expect((await bob.run(`scene leave ${tea}`)).output).toBe(`You leave scene ${tea}: Tea at the Mug.`);
    expect((await bob.run(`scene leave ${tea}`)).output).toBe(`You were not in scene ${tea}.`);

    const refusals: Array<[string, string]> = [
      ["scene create --tags x", "usage: scene create <title> [--tags a,b]"],
      [
        "scene create x --tags BAD TAG!",
        'Tag "bad tag!" must be 1-32 characters of a-z, 0-9, _ or -.\nusage: scene create <title> [--tags a,b]',
      ],
      [`scene create ${"x".repeat(121)}`, "Title must be at most 120 characters."],
      ["scene join 01NOSUCHSCENE0000000000000", "No scene 01NOSUCHSCENE0000000000000."],
      ["scenes everything", "usage: scenes [--tags tag1,tag2]"],
    ];
    for (const [line, message] of refusals) {
      expect([line, (await bob.run(line)).output]).toEqual([line, message]);
    }

    const duel = sceneIdFrom((await bob.run("scene create Duel at dawn")).output);
    await bob.run(`scene join ${duel}`);
    await alice.run(`scene join ${duel}`);
    expect((await alice.run(`scene close ${duel}`)).output).toBe(`Only the scene's owner may close scene ${duel}.`);
    expect((await bob.run(`scene close ${duel}`)).output).toBe(`You close scene ${duel}: Duel at dawn.`);
    // Closing drops the scene from every session's focus (FocusClient.LeaveFocusByTarget).
    expect(t.focus(bob).memberships).toEqual([]);
    expect(t.focus(alice).memberships.map((membership) => membership.target.targetId)).toEqual([tea]);
    expect((await alice.run(`scene pose ${duel} sighs.`)).output).toBe(`Scene ${duel} is closed.`);
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
    const alice = await t.character("Alice");

    const { scene } = await scenes.getScene({ sceneId: tea });
    expect(scene).toMatchObject({
      id: tea,
      title: "Tea at the Mug",
      locationId: "square",
      state: SceneState.ACTIVE,
      participantIds: [alice.id],
      tags: ["tea", "social"],
    });
    expect(Number(scene?.createdAt)).toBeGreaterThan(0);

    const made = (await scenes.createScene({ characterId: alice.id, title: "  Market day ", locationId: "square" }))
      .scene;
    expect(made).toMatchObject({ title: "Market day", ownerId: alice.id, participantIds: [], tags: [] });
    const id = made?.id ?? "";
    expect((await scenes.joinScene({ sceneId: id, characterId: "01CHARACTERX" })).scene?.participantIds).toEqual([
      "01CHARACTERX",
    ]);
    expect((await scenes.listScenes({})).scenes.map((s) => s.id)).toEqual([id, tea]);
    expect((await scenes.listScenes({ includeClosed: true })).scenes).toHaveLength(3);
    expect((await scenes.leaveScene({ sceneId: id, characterId: "01CHARACTERX" })).scene?.participantIds).toEqual([]);

    expect(await codeOf(scenes.createScene({ characterId: alice.id, title: " ", locationId: "square" }))).toBe(
      Code.InvalidArgument,
    );
    expect(await codeOf(scenes.getScene({ sceneId: "01NOSUCHSCENE0000000000000" }))).toBe(Code.NotFound);
    expect(await codeOf(scenes.listScenes({ tags: ["Not a tag"] }))).toBe(Code.InvalidArgument);
    const closed = (await scenes.listScenes({ includeClosed: true })).scenes.find((s) => s.state === SceneState.CLOSED);
    expect(await codeOf(scenes.joinScene({ sceneId: closed?.id ?? "", characterId: alice.id }))).toBe(
      Code.FailedPrecondition,
    );
  });

  it("re-runs its migrations idempotently when the host restarts: nothing applied twice, data kept", async () => {
    const before = (await database.query(MIGRATIONS)).rows;
    expect(before.map(({ version, name }) => ({ version, name }))).toEqual([
      { version: 1, name: "create_scenes" },
      { version: 2, name: "create_scene_participants" },
      { version: 3, name: "add_scene_tags" },
    ]);
    await t.stop();
    t = await startHost(database);

    // Init ran RunMigrationsFS again: the same three rows, each applied at the same moment as before.
    expect((await database.query(MIGRATIONS)).rows).toEqual(before);
    const erin = await t.character("Erin");
    const listing = (await erin.run("scenes")).output.split("\n");
    expect(listing).toEqual([
      "Open scenes:",
      expect.stringMatching(/ Market day — at Town Square, 0 participants$/),
      `  ${tea}  Tea at the Mug — at Town Square, 1 participant [tea, social]`,
    ]);
    await erin.run(`scene join ${tea}`);
    expect((await erin.run(`scene join ${tea}`)).output).toMatch(
      /Recent poses:\n {2}Alice pours the tea\.\n {2}Alice sips\.$/,
    );
  }, 60_000);

  it("ships the TypeScript plugin's migrations byte for byte (one schema, either plugin)", () => {
    const ours = join(PACKAGE_DIR, "migrations");
    const theirs = join(PACKAGE_DIR, "..", "core-scenes", "migrations");
    expect(readdirSync(ours).sort()).toEqual(readdirSync(theirs).sort());
    for (const file of readdirSync(ours)) {
      expect([file, readFileSync(join(ours, file), "utf8")]).toEqual([file, readFileSync(join(theirs, file), "utf8")]);
    }
  });
});
