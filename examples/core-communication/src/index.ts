/**
 * core-communication: the verbs every MUSH has. Each command answers with
 * events the host publishes with the invoking character as actor, so every
 * session at the location (and every subscribed plugin) sees them.
 */
import { definePlugin, type InprocPluginContext } from "@holomush/host";
import { errorf, ok } from "@holomush/plugin-sdk";
import { type CommandRequest, type CommandResponse, type Location, WorldService } from "@holomush/proto";

const event = (stream: string, type: string, payload: Record<string, unknown>) => ({
  stream,
  type,
  payload: JSON.stringify(payload),
});

function describe(location: Location, here: string[]): string {
  const exits = location.exits.map((exit) => exit.name).join(", ") || "none";
  const others = here.length > 0 ? `\nHere: ${here.join(", ")}` : "";
  return `${location.name}\n${location.description}\nExits: ${exits}${others}`;
}

async function look(context: InprocPluginContext, request: CommandRequest, locationId = request.locationId) {
  const world = context.client(WorldService);
  const { location } = await world.getLocation({ locationId });
  const { characters } = await world.listCharactersAt({ locationId });
  const here = characters.filter((c) => c.online && c.id !== request.characterId).map((c) => c.name);
  return location ? describe(location, here) : "You are nowhere.";
}

async function page(context: InprocPluginContext, request: CommandRequest): Promise<CommandResponse> {
  const split = request.args.indexOf("=");
  const name = request.args.slice(0, Math.max(split, 0)).trim();
  const message = request.args.slice(split + 1).trim();
  if (split < 1 || message.length === 0) return errorf("Usage: page <name>=<message>");
  try {
    const { character } = await context.client(WorldService).findCharacter({ name });
    if (!character) return errorf("No one is called %s.", name);
    return ok(`You paged ${character.name}: ${message}`, [
      event(`character:${character.id}`, "page", { message, from: request.characterName }),
    ]);
  } catch {
    return errorf("No one is called %s.", name);
  }
}

async function go(context: InprocPluginContext, request: CommandRequest): Promise<CommandResponse> {
  const exit = request.args.trim();
  if (exit.length === 0) return errorf("Go where?");
  try {
    const { from, to } = await context.client(WorldService).moveCharacter({ characterId: request.characterId, exit });
    if (!from || !to) return errorf("You cannot go that way.");
    const who = { character_id: request.characterId, name: request.characterName };
    return ok(await look(context, request, to.id), [
      event(`location:${from.id}`, "leave", who),
      event(`location:${to.id}`, "arrive", who),
    ]);
  } catch (error) {
    return errorf("%s", error instanceof Error ? error.message.replace(/^\[\w+\] /, "") : "You cannot go that way.");
  }
}

export function createPlugin() {
  return definePlugin({
    name: "core-communication",
    async handleCommand(request: CommandRequest, context: InprocPluginContext): Promise<CommandResponse> {
      const text = request.args.trim();
      const here = `location:${request.locationId}`;
      switch (request.command) {
        // `name` keeps the event readable on its own (history, other plugins) without resolving actor ids.
        case "say":
          return text
            ? ok("", [event(here, "say", { message: text, name: request.characterName })])
            : errorf("Say what?");
        case "pose":
          return text
            ? ok("", [event(here, "pose", { message: text, name: request.characterName })])
            : errorf("Pose what?");
        case "emit":
          return text ? ok("", [event(here, "emit", { message: text })]) : errorf("Emit what?");
        case "page":
          return page(context, request);
        case "look":
          return ok(await look(context, request));
        case "go":
          return go(context, request);
        default:
          return errorf("core-communication does not handle %s", request.command);
      }
    },
  });
}
