/**
 * The `scene` and `scenes` commands. Scene data goes through the same rules
 * as SceneService (scenes.ts); session focus goes through the FocusClient:
 * the host's scene focus kind decides the streams (scene:<id>:ic and :ooc)
 * and replays the IC tail to the joining session. The command output adds
 * the last few poses, read with QueryStreamHistory, so a player sees what
 * happened even on a client that does not render replayed events.
 */
import { errorf, type FocusClient, FocusError, MAX_COMMAND_OUTPUT_BYTES, ok } from "@holomush/plugin-sdk";
import { type CommandRequest, FocusKind } from "@holomush/proto";
import type { SceneRow } from "./scene-store.js";
import { normalizeTags, SceneError, type Scenes } from "./scenes.js";
import type { WorldNames } from "./world-names.js";

type CommandResponse = ReturnType<typeof ok>;

/** Poses shown in `scene join` output. */
export const RECENT_POSES = 5;
/** Scenes shown by `scenes` at most; fewer when their lines would pass the 8 KiB output limit. */
export const MAX_LISTED = 20;
/** A pose in `scene join` output is cut here: five long poses must not pass the output limit. */
export const MAX_POSE_CHARS = 300;

export const SCENE_USAGE =
  "usage: scene create <title> [--tags a,b] | scene join <id> | scene leave <id> | scene pose <id> <text> | scene close <id> | scene list";

export interface SceneCommandDeps {
  scenes: Scenes;
  focus: FocusClient;
  world: WorldNames;
}

export const icStream = (sceneId: string) => `scene:${sceneId}:ic`;
const focusTarget = (sceneId: string) => ({ kind: FocusKind.SCENE, targetId: sceneId });

/**
 * Splits `--tags a,b` off the end of the arguments. Everything after `--tags`
 * is the tag list, so `--tags BAD TAG!` is the (invalid) tag "bad tag!", not
 * a tag "bad" and "TAG!" slipped into the title.
 */
export function parseTags(args: string): { rest: string; tags: string[] } {
  const match = /(?:^|\s)--tags(?:=|\s+|$)(.*)$/.exec(args);
  if (!match) return { rest: args.trim(), tags: [] };
  return { rest: args.slice(0, match.index).trim(), tags: (match[1] ?? "").split(",") };
}

export async function handleSceneCommand(request: CommandRequest, deps: SceneCommandDeps): Promise<CommandResponse> {
  try {
    if (request.command === "scenes") return await listScenes(request.args, deps);
    const args = request.args.trim();
    const [action = "", ...rest] = args.split(/\s+/);
    const remainder = args.slice(action.length).trim();
    switch (action.toLowerCase()) {
      case "create":
        return await createScene(request, remainder, deps);
      case "join":
        return await joinScene(request, rest[0] ?? "", deps);
      case "leave":
        return await leaveScene(request, rest[0] ?? "", deps);
      case "pose":
        return await poseInScene(request, rest[0] ?? "", remainder.slice((rest[0] ?? "").length).trim(), deps);
      case "close":
        return await closeScene(request, rest[0] ?? "", deps);
      case "list":
        return await listScenes(remainder, deps);
      default:
        return errorf("%s", SCENE_USAGE);
    }
  } catch (error) {
    // The player's input was wrong (bad title, unknown scene): an ERROR, not a failure.
    if (error instanceof SceneError) return errorf("%s.", capitalize(error.message));
    throw error;
  }
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

async function createScene(request: CommandRequest, args: string, deps: SceneCommandDeps) {
  const usage = "usage: scene create <title> [--tags a,b]";
  const { rest: title, tags } = parseTags(args);
  if (title === "") return errorf("%s", usage);
  try {
    normalizeTags(tags);
  } catch (error) {
    // A bad tag list is a usage problem: say which tag and how the command goes.
    if (error instanceof SceneError) return errorf("%s.\n%s", capitalize(error.message), usage);
    throw error;
  }
  const scene = await deps.scenes.create({ title, ownerId: request.characterId, locationId: request.locationId, tags });
  const where = await deps.world.locationName(scene.locationId);
  return ok(
    `You create scene ${scene.id} at ${where}: ${scene.title}${tagText(scene)}. Join it with: scene join ${scene.id}`,
  );
}

async function joinScene(request: CommandRequest, sceneId: string, deps: SceneCommandDeps) {
  if (sceneId === "") return errorf("usage: scene join <id>");
  // The database row first: the participant list is the scene's record, the focus only this session's view.
  const scene = await deps.scenes.join(sceneId, request.characterId);
  // A fresh join makes the host replay the IC tail to this session: listing it again here would
  // show the joiner every pose twice. Only an idempotent re-join (no replay) lists it.
  let replayed = true;
  try {
    await deps.focus.joinFocus(request.sessionId, focusTarget(scene.id));
  } catch (error) {
    // docs/focus.md: joining twice is an idempotent success; other refusals (an expired session,
    // the scene focus policy) are the player's to see. The participant row stays: joining
    // again from a fresh session picks it up.
    if (!(error instanceof FocusError)) throw error;
    if (error.code !== "FOCUS_ALREADY_MEMBER") return errorf("You cannot follow scene %s: %s", scene.id, error.message);
    replayed = false;
  }
  const history = await deps.focus.queryStreamHistory({ stream: icStream(scene.id), count: RECENT_POSES });
  const poses = history.entries
    .map((entry) => messageOf(entry.event?.payload ?? ""))
    .filter((line) => line !== undefined)
    .map((line) => clip(line, MAX_POSE_CHARS));
  const where = await deps.world.locationName(scene.locationId);
  const lines = [`You join scene ${scene.id}: ${scene.title} (${where}).`];
  if (poses.length === 0) lines.push("No poses yet.");
  else if (!replayed) lines.push("Recent poses:", ...poses.map((line) => `  ${line}`));
  return ok(lines.join("\n"));
}

async function leaveScene(request: CommandRequest, sceneId: string, deps: SceneCommandDeps) {
  if (sceneId === "") return errorf("usage: scene leave <id>");
  const wasParticipant = (await deps.scenes.get(sceneId)).participantIds.includes(request.characterId);
  const scene = await deps.scenes.leave(sceneId, request.characterId);
  const wasWatching = await deps.focus.leaveFocus(request.sessionId, focusTarget(scene.id));
  if (!wasParticipant && !wasWatching) return ok(`You were not in scene ${scene.id}.`);
  return ok(`You leave scene ${scene.id}: ${scene.title}.`);
}

async function poseInScene(request: CommandRequest, sceneId: string, text: string, deps: SceneCommandDeps) {
  if (sceneId === "" || text === "") return errorf("usage: scene pose <id> <text>");
  const scene = await deps.scenes.get(sceneId);
  if (scene.state !== "active") return errorf("Scene %s is closed.", scene.id);
  if (!scene.participantIds.includes(request.characterId)) return errorf("Join scene %s first.", scene.id);
  // Published as the character (a command's events); the message carries the name so the
  // scene's history reads on its own (join output, logs) without resolving actor ids.
  return ok("", [
    {
      stream: icStream(scene.id),
      type: "pose",
      // A pose payload (docs/events.md) is the action alone; `name` keeps history readable
      // without a world lookup (the console prefixes the actor itself).
      payload: JSON.stringify({ message: text, name: request.characterName }),
    },
  ]);
}

async function closeScene(request: CommandRequest, sceneId: string, deps: SceneCommandDeps) {
  if (sceneId === "") return errorf("usage: scene close <id>");
  const scene = await deps.scenes.close(sceneId, request.characterId);
  // Nobody watches a closed scene any more: drop it from every session's focus.
  await deps.focus.leaveFocusByTarget(focusTarget(scene.id));
  return ok(`You close scene ${scene.id}: ${scene.title}.`);
}

async function listScenes(args: string, deps: SceneCommandDeps) {
  const { rest, tags } = parseTags(args);
  if (rest !== "") return errorf("usage: scenes [--tags tag1,tag2]");
  const scenes = await deps.scenes.list({ tags, includeClosed: false });
  if (scenes.length === 0) return ok(tags.length === 0 ? "No open scenes." : "No open scenes with those tags.");
  const candidates = scenes.slice(0, MAX_LISTED);
  const names = await deps.world.locationNames(candidates.map((scene) => scene.locationId));
  const lines = ["Open scenes:"];
  // Room for the "… and N more" line.
  let budget = MAX_COMMAND_OUTPUT_BYTES - 64 - Buffer.byteLength(lines[0] as string);
  for (const scene of candidates) {
    const count = scene.participantIds.length;
    const line = `  ${scene.id}  ${scene.title} — at ${names.get(scene.locationId)}, ${count} participant${count === 1 ? "" : "s"}${tagText(scene)}`;
    budget -= Buffer.byteLength(line) + 1;
    if (budget < 0) break;
    lines.push(line);
  }
  const omitted = scenes.length - (lines.length - 1);
  if (omitted > 0) lines.push(`  … and ${omitted} more`);
  return ok(lines.join("\n"));
}

function tagText(scene: SceneRow): string {
  return scene.tags.length === 0 ? "" : ` [${scene.tags.join(", ")}]`;
}

function clip(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`;
}

/** A pose as a line: "<name> <message>" (the name from the payload, when it has one). */
function messageOf(payload: string): string | undefined {
  try {
    const value: unknown = JSON.parse(payload);
    if (typeof value === "object" && value !== null && "message" in value && typeof value.message === "string") {
      const name = "name" in value && typeof value.name === "string" ? `${value.name} ` : "";
      return `${name}${value.message}`;
    }
  } catch {
    // A non-JSON payload has no message to show.
  }
  return undefined;
}
